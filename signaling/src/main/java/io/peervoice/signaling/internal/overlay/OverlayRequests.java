package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The one way an overlay request goes out and its answer comes back, for nodes and peers alike:
 * {@link #send} numbers the request with a fresh transaction id, encodes it, sends it and keeps it
 * in a bounded table until {@link #reply} delivers the answer or its timer fails it.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Every request ends exactly once: {@code onReply} with the answer, or {@code onFailure} with
 *       a {@link RequestFailure}. Callbacks run on the owner's {@link Env} thread.
 *   <li>An answer is accepted only with the request's transaction id <em>and</em> from the address
 *       the request went to, and only once: an answer from elsewhere leaves the request waiting, a
 *       second answer finds nothing ({@link #reply} returns false; the owner counts it
 *       unsolicited).
 *   <li>The table holds at most {@code maxPending} requests; a request beyond that is not sent and
 *       fails at once, before {@link #send} returns, with {@link RequestFailure#OVERLOADED}.
 *   <li>A request unanswered {@code timeoutMillis} after it was sent (on the {@link Env} clock)
 *       fails with {@link RequestFailure#TIMEOUT}; it is never retried here (retries that resend,
 *       such as a new address proof, are the caller's, as a new request).
 *   <li>{@link #close} fails every request in flight with {@link RequestFailure#CLOSED} and cancels
 *       its timer; later requests fail at once the same way.
 * </ul>
 *
 * A request that needs our address proven to the other side first goes through {@link
 * AddressProofs#send}, which sends the proof's HELLOs and then the request through here; pushes
 * down an attachment ({@link Router}) come here directly.
 *
 * <p>Single-threaded: call everything on the {@link Env} thread. Transaction ids are those of the
 * wire protocol ({@code docs/protocol.md}, "Datagram"): 63-bit, counting up from a random start.
 */
final class OverlayRequests {
  private record Pending(
      InetSocketAddress to,
      Consumer<Msg> onReply,
      Consumer<RequestFailure> onFailure,
      Env.Cancellable timer) {}

  private final Env env;
  private final WireCodec codec;
  private final int maxPending;
  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextTx;
  private boolean closed;
  private Consumer<InetSocketAddress> onTimeout = to -> {};

  /**
   * @param maxPending the most requests in flight at once
   * @param firstTx the first transaction id (random, so that ids are not guessable off-path)
   */
  OverlayRequests(Env env, WireCodec codec, int maxPending, long firstTx) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1: " + maxPending);
    }
    this.env = env;
    this.codec = codec;
    this.maxPending = maxPending;
    this.nextTx = firstTx;
  }

  /**
   * Sends {@code build(tx)} to {@code to}. Exactly one of {@code onReply} (with the answer) and
   * {@code onFailure} runs, once.
   *
   * @return true if the request went out; false if it failed at once ({@link
   *     RequestFailure#OVERLOADED} or {@link RequestFailure#CLOSED}: {@code onFailure} has run)
   */
  boolean send(
      InetSocketAddress to,
      long timeoutMillis,
      LongFunction<Msg> build,
      Consumer<Msg> onReply,
      Consumer<RequestFailure> onFailure) {
    RequestFailure refused =
        closed ? RequestFailure.CLOSED : full() ? RequestFailure.OVERLOADED : null;
    if (refused != null) {
      onFailure.accept(refused);
      return false;
    }
    long tx = nextTx++ & Long.MAX_VALUE;
    Env.Cancellable timer =
        env.schedule(
            timeoutMillis,
            () -> {
              Pending p = pending.remove(tx);
              if (p != null) {
                p.onFailure.accept(RequestFailure.TIMEOUT);
                onTimeout.accept(p.to);
              }
            });
    pending.put(tx, new Pending(to, onReply, onFailure, timer));
    env.send(to, codec.encode(build.apply(tx)));
    return true;
  }

  /**
   * Delivers an answer that came from {@code from}; false (and nothing happens) if no request with
   * its transaction id is waiting for an answer from that address.
   */
  boolean reply(InetSocketAddress from, Msg reply) {
    Pending p = pending.get(reply.tx());
    if (p == null || !p.to.equals(from)) {
      return false;
    }
    pending.remove(reply.tx());
    p.timer.cancel();
    p.onReply.accept(reply);
    return true;
  }

  /**
   * Tells {@code listener} the address of every request that timed out, after the request's own
   * {@code onFailure} ran (a client uses it to check whether one of its nodes died).
   */
  void onTimeout(Consumer<InetSocketAddress> listener) {
    this.onTimeout = listener;
  }

  /** Fails every request in flight with {@link RequestFailure#CLOSED}; later ones fail at once. */
  void close() {
    closed = true;
    List<Pending> left = new ArrayList<>(pending.values());
    pending.clear();
    for (Pending p : left) {
      p.timer.cancel();
      p.onFailure.accept(RequestFailure.CLOSED);
    }
  }

  /** Whether {@code reply} is a {@code STATUS} with code {@code OK}: the usual "done". */
  static boolean ok(Msg reply) {
    return reply instanceof Msg.Status s && s.code() == StatusCode.OK.wire();
  }

  /** Requests in flight now (a node's {@code peervoice_node_pending_requests}). */
  int pending() {
    return pending.size();
  }

  private boolean full() {
    return pending.size() >= maxPending;
  }

  /** Whether {@code msg} answers a request (a node's requests; a DELIVER answers a push). */
  static boolean isAnswer(Msg msg) {
    return msg instanceof Msg.Pong
        || msg instanceof Msg.Nodes
        || msg instanceof Msg.RecordReply
        || msg instanceof Msg.Status
        || msg instanceof Msg.CookieReply
        || msg instanceof Msg.Deliver;
  }
}
