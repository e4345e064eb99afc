package io.peervoice.natives;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link StreamServer} allows.
 *
 * @param maxConnections connections held at once in total; more are closed as they arrive
 * @param maxPerIp connections held at once from one source: an IPv4 address, or an IPv6 /64
 * @param maxInboundBytes bytes of one connection buffered while a frame is incomplete; a frame that
 *     needs more closes the connection
 * @param outboundHighWater bytes queued for one connection above which it stops reading and refuses
 *     sends (back-pressure) until the queue drains below half of it
 * @param idleTimeout a connection that receives nothing for this long is closed
 * @param handshakeTimeout a TLS handshake not done within this is abandoned
 */
public record StreamLimits(
    int maxConnections,
    int maxPerIp,
    int outboundHighWater,
    Duration idleTimeout,
    Duration handshakeTimeout) {

  public StreamLimits {
    if (maxConnections < 1 || maxPerIp < 1 || maxPerIp > maxConnections) {
      throw new IllegalArgumentException("need 1 <= maxPerIp <= maxConnections");
    }
    if (outboundHighWater < 2) {
      throw new IllegalArgumentException("the outbound high water must be at least 2 bytes");
    }
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (idleTimeout.toMillis() < 1 || handshakeTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeouts must be at least 1 ms");
    }
  }

  /**
   * 10,000 connections, 16 per IP, 256 KiB queued out per connection, 90 s idle (a node's
   * attachment idle time; peers keep alive every 25 s), 5 s for a TLS handshake.
   */
  public static StreamLimits defaults() {
    return new StreamLimits(10_000, 16, 256 * 1024, Duration.ofSeconds(90), Duration.ofSeconds(5));
  }

  public StreamLimits withConnections(int total, int perIp) {
    return new StreamLimits(total, perIp, outboundHighWater, idleTimeout, handshakeTimeout);
  }

  public StreamLimits withIdleTimeout(Duration idle) {
    return new StreamLimits(maxConnections, maxPerIp, outboundHighWater, idle, handshakeTimeout);
  }

  public StreamLimits withHandshakeTimeout(Duration handshake) {
    return new StreamLimits(maxConnections, maxPerIp, outboundHighWater, idleTimeout, handshake);
  }

  public StreamLimits withOutboundHighWater(int bytes) {
    return new StreamLimits(maxConnections, maxPerIp, bytes, idleTimeout, handshakeTimeout);
  }
}
