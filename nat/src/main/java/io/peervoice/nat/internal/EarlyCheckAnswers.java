package io.peervoice.nat.internal;

import io.peervoice.nat.internal.stun.CheckResponder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Controlled side, a peer that may nominate several pairs (a browser): its connectivity checks are
 * answered on our host port as they arrive, on the port's loop thread ({@link CheckResponder}, RFC
 * 8445 <a href="https://www.rfc-editor.org/rfc/rfc8445#section-7.3.1.4">§7.3.1.4</a>), instead of
 * once ice4j's threads have taken and processed them. The peer's pair turns valid, and its DTLS
 * answers our ClientHello, that much sooner: ice4j's answer to a browser's first check left 1-65 ms
 * after it arrived on a loaded 2-core machine (S16, packet captures beside timestamps). The check
 * still goes on to ice4j, whose state (triggered checks, nomination) is unchanged; its own answer
 * to a transaction answered here is held back (the peer ignores a second answer, but it would be
 * one more datagram). Until {@link #stop()}, which the session calls once it selects its pair.
 */
final class EarlyCheckAnswers {
  /** Transactions remembered to hold ice4j's answers to (a check is answered within ms). */
  static final int REMEMBERED = 32;

  /** Sources whose check was answered here, kept at most (S19: {@link #proven}). */
  static final int PROVEN = 16;

  private record Watched(HostPort port, HostPort.StunTap tap) {}

  private record Source(HostPort port, InetSocketAddress from) {}

  private final CheckResponder responder;
  private final List<Watched> watched = new CopyOnWriteArrayList<>();
  private final AtomicBoolean done = new AtomicBoolean();
  private final ArrayDeque<ByteBuffer> answeredHere = new ArrayDeque<>(); // guarded by itself
  private final LongAdder answers = new LongAdder();
  private final LongAdder held = new LongAdder();
  private final java.util.Set<Source> proven = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private EarlyCheckAnswers(CheckResponder responder) {
    this.responder = responder;
  }

  /** Answers the checks {@code responder} accepts on {@code ports} until {@link #stop()}. */
  static EarlyCheckAnswers watch(List<HostPort> ports, CheckResponder responder) {
    EarlyCheckAnswers early = new EarlyCheckAnswers(responder);
    for (HostPort port : ports) {
      HostPort.StunTap tap =
          new HostPort.StunTap() {
            @Override
            public boolean take(byte[] data, int offset, int length, InetSocketAddress from) {
              early.seen(port, data, offset, length, from);
              return false;
            }

            @Override
            public boolean holdsAgentReply(
                byte[] data, int offset, int length, InetSocketAddress to) {
              return early.answeredHere(data, offset, length);
            }
          };
      early.watched.add(new Watched(port, tap));
      port.addTap(tap);
    }
    return early;
  }

  private void seen(HostPort port, byte[] data, int offset, int length, InetSocketAddress from) {
    if (done.get()) {
      return;
    }
    byte[] response = responder.answer(data, offset, length, from);
    if (response == null) {
      return;
    }
    synchronized (answeredHere) {
      if (answeredHere.size() == REMEMBERED) {
        answeredHere.removeFirst();
      }
      answeredHere.addLast(ByteBuffer.wrap(Arrays.copyOfRange(response, 8, 20))); // its ID
    }
    answers.increment();
    if (proven.size() < PROVEN) {
      proven.add(new Source(port, from));
    }
    port.send(response, 0, response.length, from);
  }

  /**
   * S19: whether a check from {@code from} to {@code port} authenticated with our ICE password and
   * was answered here (the first {@value #PROVEN} such sources; still told after {@link #stop()}).
   */
  boolean proven(HostPort port, InetSocketAddress from) {
    return proven.contains(new Source(port, from));
  }

  /** Whether ice4j's STUN message is its answer to a transaction answered here already. */
  private boolean answeredHere(byte[] data, int offset, int length) {
    byte[] tid = CheckResponder.responseTransaction(data, offset, length);
    if (tid == null) {
      return false;
    }
    synchronized (answeredHere) {
      if (answeredHere.contains(ByteBuffer.wrap(tid))) {
        held.increment();
        return true;
      }
    }
    return false;
  }

  /** Checks answered here so far. */
  long answers() {
    return answers.sum();
  }

  /** ice4j's answers held back because a check was answered here. */
  long held() {
    return held.sum();
  }

  /** Stops answering and holding; idempotent. ice4j answers every later check itself. */
  void stop() {
    done.set(true);
    for (Watched w : watched) {
      w.port().removeTap(w.tap());
    }
  }
}
