package io.peervoice.nat.internal;

import io.peervoice.nat.internal.stun.DecodedStun;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunFormatException;
import io.peervoice.nat.internal.stun.StunMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The round trip to the TURN server of one of ice4j's UDP relays (call reports: {@code
 * ice.relay_rtt_ms}), which ice4j does not tell: rounds of {@value #PINGS} STUN Binding requests
 * (RFC 8489 §6; a TURN server answers Binding, RFC 8656 §4) from the host port the relay's traffic
 * leaves from, {@value #INTERVAL_MILLIS} ms apart, one round at once and one every {@link
 * #ROUND_MILLIS} ms for the rest of the call (3 datagrams of 20 bytes, then {@link #close}); the
 * figure is the least time of the latest round to a success response that comes from the server and
 * carries the transaction id of one of that round's requests (96 random bits each, one answer
 * each). The responses are taken off the port before ice4j sees them ({@link HostPort#addTap}); the
 * tap goes when every request of the round was answered or {@value #GIVE_UP_MILLIS} ms after its
 * first, and with it every id of the round.
 *
 * <p>Not authenticated: coturn answers Binding without MESSAGE-INTEGRITY, even to a request signed
 * with the long-term credential (RFC 8489 §9.2; coturn 4.6.1 in the lab answers a request signed
 * with a wrong key alike), so signing ours would prove nothing. Only an on-path attacker, who sees
 * our ids, can skew the figure; it is a report's figure, never used to decide anything. Runs on the
 * port's media loop.
 */
final class UdpRelayPing implements AutoCloseable {
  static final int PINGS = 3;
  static final long INTERVAL_MILLIS = 50;
  static final long GIVE_UP_MILLIS = 2_000;

  /** Between the starts of two rounds. */
  static final long ROUND_MILLIS = 30_000;

  private final HostPort port;
  private final InetSocketAddress server;
  private final LongSupplier nanos;
  private final RandomGenerator random;
  private final long roundMillis;
  private final byte[][] ids = new byte[PINGS][];
  private final long[] sentNanos = new long[PINGS];
  private final HostPort.StunTap tap = this::take;
  private final ProbeTimers timers;
  private int sent; // loop thread
  private int answered; // loop thread
  private long roundLeast = -1; // loop thread
  private volatile long leastNanos = -1;
  private volatile boolean closed;

  private UdpRelayPing(
      HostPort port,
      InetSocketAddress server,
      LongSupplier nanos,
      RandomGenerator random,
      long roundMillis) {
    this.port = port;
    this.server = new InetSocketAddress(server.getAddress(), server.getPort());
    this.nanos = nanos;
    this.random = random;
    this.roundMillis = roundMillis;
    this.timers = new ProbeTimers(port.loop().executor());
  }

  /** Starts pinging {@code server} from {@code port}, a round every {@link #ROUND_MILLIS}. */
  static UdpRelayPing start(
      HostPort port, InetSocketAddress server, LongSupplier nanos, RandomGenerator random) {
    return start(port, server, nanos, random, ROUND_MILLIS);
  }

  /** As above, with rounds {@code roundMillis} apart (at least {@link #GIVE_UP_MILLIS}). */
  static UdpRelayPing start(
      HostPort port,
      InetSocketAddress server,
      LongSupplier nanos,
      RandomGenerator random,
      long roundMillis) {
    UdpRelayPing ping =
        new UdpRelayPing(port, server, nanos, random, Math.max(roundMillis, GIVE_UP_MILLIS));
    ping.timers.execute(ping::round);
    return ping;
  }

  /** The least round trip of the latest round answered; empty before the first answer. */
  Optional<Duration> least() {
    long least = leastNanos;
    return least < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(least));
  }

  /** Stops the rounds (the path closes); any thread. */
  @Override
  public void close() {
    closed = true;
    timers.execute(
        () -> {
          endRound();
          timers.cancelAll();
        });
  }

  /** The host port among {@code ports} of the server's address family, if any. */
  static Optional<HostPort> portFor(List<HostPort> ports, InetSocketAddress server) {
    return ports.stream()
        .filter(
            p ->
                p.localAddress().getAddress().getClass() == server.getAddress().getClass()
                    && !p.localAddress().getAddress().isLinkLocalAddress())
        .findFirst();
  }

  private void round() {
    if (closed) {
      return;
    }
    endRound();
    port.addTap(tap);
    next();
    timers.schedule(this::endRound, GIVE_UP_MILLIS);
    timers.schedule(this::round, roundMillis);
  }

  /** Takes the tap off and forgets the round's ids: a late answer is not ours any more. */
  private void endRound() {
    port.removeTap(tap);
    java.util.Arrays.fill(ids, null);
    sent = 0;
    answered = 0;
    roundLeast = -1;
  }

  private void next() {
    if (sent == PINGS || closed) {
      return;
    }
    byte[] tid = new byte[12];
    random.nextBytes(tid);
    ids[sent] = tid;
    byte[] request =
        StunCodec.encode(
            StunMessage.of(StunMessage.BINDING, StunClass.REQUEST, tid, List.of()), null, true);
    sentNanos[sent++] = nanos.getAsLong();
    port.send(request, 0, request.length, server);
    timers.schedule(this::next, INTERVAL_MILLIS);
  }

  /**
   * A STUN datagram on the port: ours if it answers one of this round's requests, from the server.
   */
  private boolean take(byte[] data, int offset, int length, InetSocketAddress from) {
    if (from.getPort() != server.getPort() || !from.getAddress().equals(server.getAddress())) {
      return false;
    }
    long now = nanos.getAsLong();
    DecodedStun decoded;
    try {
      decoded = StunCodec.decode(data, offset, length, StunAttributes.ICE_UNDERSTOOD);
    } catch (StunFormatException e) {
      return false;
    }
    StunMessage m = decoded.message();
    if (m.method() != StunMessage.BINDING || m.messageClass() != StunClass.SUCCESS_RESPONSE) {
      return false;
    }
    for (int i = 0; i < sent; i++) {
      if (ids[i] != null && Arrays.equals(ids[i], m.transactionId())) {
        ids[i] = null; // one answer per request
        long rtt = now - sentNanos[i];
        if (roundLeast < 0 || rtt < roundLeast) {
          roundLeast = rtt;
          leastNanos = rtt;
        }
        if (++answered == PINGS) {
          port.removeTap(tap);
        }
        return true;
      }
    }
    return false;
  }
}
