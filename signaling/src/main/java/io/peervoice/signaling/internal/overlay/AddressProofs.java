package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The asking side of address proofs: before the first request to a node, {@code HELLO} (padded, so
 * the answer is no larger), {@code COOKIE}, {@code HELLO(cookie)}, {@code OK}; then the request.
 * The proof is cached (bounded); a request answered by {@code COOKIE} (the node forgot us) is
 * proven again with that cookie and sent once more. Every datagram goes out through {@link
 * OverlayRequests}. Used by nodes and peers alike. Single-threaded.
 */
final class AddressProofs {
  /** Enough padding that a cookie-less HELLO is never smaller than the COOKIE answering it. */
  static final int PADDING = WireCodec.COOKIE;

  private static final class Proof {
    byte[] cookie;
    long cookieMillis;
    boolean proven;
    final List<Runnable> onProven = new ArrayList<>();
    final List<Consumer<RequestFailure>> onFailed = new ArrayList<>();
  }

  private final Env env;
  private final OverlayRequests requests;
  private final long timeoutMillis;
  private final Map<InetSocketAddress, Proof> proofs;

  AddressProofs(Env env, OverlayRequests requests, long timeoutMillis, int max) {
    this.env = env;
    this.requests = requests;
    this.timeoutMillis = timeoutMillis;
    this.proofs =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Proof> eldest) {
            return size() > max && eldest.getValue().onProven.isEmpty();
          }
        };
  }

  /**
   * Sends the request {@code build(tx)} to {@code to} once our address is proven to it, through
   * {@link OverlayRequests#send}. {@code onReply} gets the answer (never a COOKIE); {@code
   * onFailure} why the proof or the request failed ({@link RequestFailure#REFUSED} if the proof was
   * refused or a fresh proof was answered by COOKIE again).
   */
  void send(
      InetSocketAddress to,
      long requestTimeoutMillis,
      LongFunction<Msg> build,
      Consumer<Msg> onReply,
      Consumer<RequestFailure> onFailure) {
    whenProven(
        to, () -> issue(to, requestTimeoutMillis, build, onReply, onFailure, true), onFailure);
  }

  /**
   * Runs {@code then} with a cookie of {@code to} for our address that is at most {@code
   * maxAgeMillis} old (fetching a new one if needed), or {@code failed}.
   */
  void freshCookie(
      InetSocketAddress to,
      long maxAgeMillis,
      Consumer<byte[]> then,
      Consumer<RequestFailure> failed) {
    Proof p = proofs.get(to);
    if (p != null && p.proven && env.nowMillis() - p.cookieMillis <= maxAgeMillis) {
      then.accept(p.cookie);
      return;
    }
    if (p != null && p.proven) {
      proofs.remove(to);
    }
    whenProven(to, () -> then.accept(proofs.get(to).cookie), failed);
  }

  /** Whether our address is (believed) proven to {@code to}. */
  boolean proven(InetSocketAddress to) {
    Proof p = proofs.get(to);
    return p != null && p.proven;
  }

  void forget(InetSocketAddress to) {
    Proof p = proofs.get(to);
    if (p != null && p.proven) {
      proofs.remove(to);
    }
  }

  private void issue(
      InetSocketAddress to,
      long requestTimeoutMillis,
      LongFunction<Msg> build,
      Consumer<Msg> onReply,
      Consumer<RequestFailure> onFailure,
      boolean mayRetry) {
    requests.send(
        to,
        requestTimeoutMillis,
        build,
        reply -> {
          if (!(reply instanceof Msg.CookieReply c)) {
            onReply.accept(reply);
          } else if (mayRetry) {
            proofs.remove(to);
            Proof p = start(to);
            p.onProven.add(() -> issue(to, requestTimeoutMillis, build, onReply, onFailure, false));
            p.onFailed.add(onFailure);
            confirm(to, p, c.cookie());
          } else {
            onFailure.accept(RequestFailure.REFUSED);
          }
        },
        onFailure);
  }

  private void whenProven(InetSocketAddress to, Runnable then, Consumer<RequestFailure> failed) {
    Proof p = proofs.get(to);
    if (p != null && p.proven) {
      then.run();
      return;
    }
    boolean started = p != null;
    if (!started) {
      p = start(to);
    }
    p.onProven.add(then);
    p.onFailed.add(failed);
    if (!started) {
      hello(to, p);
    }
  }

  private Proof start(InetSocketAddress to) {
    Proof p = new Proof();
    proofs.put(to, p);
    return p;
  }

  private void hello(InetSocketAddress to, Proof p) {
    requests.send(
        to,
        timeoutMillis,
        tx -> new Msg.Hello(tx, new byte[0], new byte[PADDING]),
        reply -> {
          if (reply instanceof Msg.CookieReply c) {
            confirm(to, p, c.cookie());
          } else {
            failed(to, p, RequestFailure.REFUSED);
          }
        },
        failure -> failed(to, p, failure));
  }

  private void confirm(InetSocketAddress to, Proof p, byte[] cookie) {
    requests.send(
        to,
        timeoutMillis,
        tx -> new Msg.Hello(tx, cookie, new byte[0]),
        reply -> {
          if (OverlayRequests.ok(reply)) {
            p.proven = true;
            p.cookie = cookie;
            p.cookieMillis = env.nowMillis();
            List<Runnable> waiting = List.copyOf(p.onProven);
            p.onProven.clear();
            p.onFailed.clear();
            waiting.forEach(Runnable::run);
          } else {
            failed(to, p, RequestFailure.REFUSED);
          }
        },
        failure -> failed(to, p, failure));
  }

  private void failed(InetSocketAddress to, Proof p, RequestFailure failure) {
    if (proofs.get(to) == p) {
      proofs.remove(to);
    }
    List<Consumer<RequestFailure>> waiting = List.copyOf(p.onFailed);
    p.onProven.clear();
    p.onFailed.clear();
    waiting.forEach(w -> w.accept(failure));
  }
}
