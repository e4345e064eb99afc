package io.peervoice.nat.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * S9 web: the peer's connectivity checks (STUN Binding requests, RFC 8489 §5) on our host ports go
 * unanswered from the moment ice4j completes: on every port until our own STUN takes the selected
 * one over ({@link DirectConsent}), and on the others until they close. Once complete, ice4j (whose
 * termination delay is 0) answers a check it cannot match to a pair with a 403 error ("Cannot add
 * new remote candidates in current ICE state"), and a browser fails a pair whose check got a 403: a
 * relayed Chromium call failed (MEDIA_FAILED) when its checks on both pairs were answered so in the
 * milliseconds before our STUN took over. An answered check on a port we will close would also make
 * that pair writable for the peer, and a controlling browser switches to a writable pair of higher
 * priority than ours: its DTLS and media would go to a closed port. An unanswered check is simply
 * resent, and our STUN answers it. Responses and indications pass; only requests are taken.
 *
 * <p>A check ice4j had read just before it completed is still answered after: with a 403 once
 * complete. So while the guard holds, ice4j's Binding error responses (RFC 8489 §6.3.4) leaving our
 * ports are dropped too; its success responses still go. On the selected port too, once our STUN
 * answers the checks there ({@link #release}): until the agent is freed ({@link #releaseAll}). S13:
 * {@code PeerNominationRaceTest} saw ice4j answer the peer's check of the pair we had just selected
 * with a 403 (the pair, Waiting for its triggered check, was pruned from the check list when ice4j
 * completed on a lower one) after that port's guard was gone (7 of 28 runs in one JVM): a browser
 * fails the very pair it uses on it.
 */
final class UnselectedPortGuard implements HostPort.StunTap {

  private final LongAdder dropped = new LongAdder();
  private final LongAdder repliesHeld = new LongAdder();
  private final List<HostPort> ports;
  private final AtomicBoolean holding = new AtomicBoolean();
  private final Set<HostPort> released = ConcurrentHashMap.newKeySet();

  /** What stays on a released port until the agent is freed: ice4j's error responses held. */
  private final HostPort.StunTap repliesOnly =
      new HostPort.StunTap() {
        @Override
        public boolean take(byte[] data, int offset, int length, InetSocketAddress from) {
          return false;
        }

        @Override
        public boolean holdsAgentReply(byte[] data, int offset, int length, InetSocketAddress to) {
          return UnselectedPortGuard.this.holdsAgentReply(data, offset, length, to);
        }
      };

  /** A guard over {@code ports}: our host candidates' ports. */
  UnselectedPortGuard(List<HostPort> ports) {
    this.ports = ports;
  }

  /**
   * Starts holding the checks on every port not {@link #release released} (once; ice4j completed),
   * and ice4j's error responses on every port.
   */
  synchronized void holdAll() {
    if (holding.compareAndSet(false, true)) {
      ports.forEach(p -> p.addTap(released.contains(p) ? repliesOnly : this));
    }
  }

  /**
   * Stops holding the checks on {@code port}: our own STUN answers there now. ice4j's error
   * responses there stay held until {@link #releaseAll}.
   */
  synchronized void release(HostPort port) {
    if (released.add(port) && holding.get()) {
      port.addTap(repliesOnly);
      port.removeTap(this);
    }
  }

  /** Stops holding anything on every port (only the open ones matter): the agent is freed. */
  synchronized void releaseAll() {
    ports.forEach(
        p -> {
          p.removeTap(this);
          p.removeTap(repliesOnly);
        });
  }

  @Override
  public boolean take(byte[] data, int offset, int length, InetSocketAddress from) {
    if (!isBindingRequest(data, offset, length)) {
      return false;
    }
    dropped.increment();
    return true;
  }

  @Override
  public boolean holdsAgentReply(byte[] data, int offset, int length, InetSocketAddress to) {
    if (io.peervoice.nat.internal.stun.StunCodec.typeOf(data, offset, length) != 0x0111) {
      return false;
    }
    repliesHeld.increment();
    return true;
  }

  /** ice4j's Binding error responses held back so far. */
  long repliesHeld() {
    return repliesHeld.sum();
  }

  /** Binding requests left unanswered so far. */
  long dropped() {
    return dropped.sum();
  }

  /** A STUN Binding request: type 0x0001 and the magic cookie (RFC 8489 §5, §6). */
  static boolean isBindingRequest(byte[] data, int offset, int length) {
    return io.peervoice.nat.internal.stun.StunCodec.typeOf(data, offset, length) == 0x0001;
  }
}
