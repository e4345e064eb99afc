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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The round trip to the TURN server of one of ice4j's UDP relays (call reports: {@code
 * ice.relay_rtt_ms}), which ice4j does not tell: {@value #PINGS} STUN Binding requests (RFC 8489
 * §6, no credentials: a TURN server answers Binding, RFC 8656 §4) from the host port the relay's
 * traffic leaves from, {@value #INTERVAL_MILLIS} ms apart, and the least time to a success response
 * that carries our transaction id and comes from the server. The responses are taken off the port
 * before ice4j sees them ({@link HostPort#addTap}); the tap goes when every request was answered or
 * {@value #GIVE_UP_MILLIS} ms after the first. Runs on the port's media loop.
 */
final class UdpRelayPing {
  static final int PINGS = 3;
  static final long INTERVAL_MILLIS = 50;
  static final long GIVE_UP_MILLIS = 2_000;

  private final HostPort port;
  private final InetSocketAddress server;
  private final LongSupplier nanos;
  private final RandomGenerator random;
  private final byte[][] ids = new byte[PINGS][];
  private final long[] sentNanos = new long[PINGS];
  private final HostPort.StunTap tap = this::take;
  private int sent; // loop thread
  private int answered; // loop thread
  private volatile long leastNanos = -1;

  private UdpRelayPing(
      HostPort port, InetSocketAddress server, LongSupplier nanos, RandomGenerator random) {
    this.port = port;
    this.server = new InetSocketAddress(server.getAddress(), server.getPort());
    this.nanos = nanos;
    this.random = random;
  }

  /** Starts pinging {@code server} from {@code port}; returns at once. */
  static UdpRelayPing start(
      HostPort port, InetSocketAddress server, LongSupplier nanos, RandomGenerator random) {
    UdpRelayPing ping = new UdpRelayPing(port, server, nanos, random);
    ScheduledExecutorService loop = port.loop().executor();
    try {
      loop.execute(
          () -> {
            port.addTap(ping.tap);
            ping.next();
          });
      loop.schedule(() -> port.removeTap(ping.tap), GIVE_UP_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the loop is shut down: the call is over, nothing to measure
    }
    return ping;
  }

  /** The least round trip so far; empty before the first answer. Any thread. */
  Optional<Duration> least() {
    long least = leastNanos;
    return least < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(least));
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

  private void next() {
    if (sent == PINGS) {
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
    try {
      port.loop().executor().schedule(this::next, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      port.removeTap(tap);
    }
  }

  /** A STUN datagram on the port: ours if it answers one of our requests from the server. */
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
        if (leastNanos < 0 || rtt < leastNanos) {
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
