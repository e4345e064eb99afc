package io.peervoice.natives;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link StreamServer} allows.
 *
 * @param maxConnections connections held at once in total; more are closed as they arrive
 * @param maxPerIp connections held at once from one source IP address
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
    int maxInboundBytes,
    int outboundHighWater,
    Duration idleTimeout,
    Duration handshakeTimeout) {

  public StreamLimits {
    if (maxConnections < 1 || maxPerIp < 1 || maxPerIp > maxConnections) {
      throw new IllegalArgumentException("need 1 <= maxPerIp <= maxConnections");
    }
    if (maxInboundBytes < 2 || outboundHighWater < 2) {
      throw new IllegalArgumentException("buffer limits must be at least 2 bytes");
    }
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (idleTimeout.toMillis() < 1 || handshakeTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeouts must be at least 1 ms");
    }
  }

  /**
   * 10,000 connections, 16 per IP, one 64 KiB frame in and 256 KiB out per connection, 90 s idle (a
   * node's attachment idle time; peers keep alive every 25 s), 5 s for a TLS handshake.
   */
  public static StreamLimits defaults() {
    return new StreamLimits(
        10_000, 16, 2 + 0xFFFF, 256 * 1024, Duration.ofSeconds(90), Duration.ofSeconds(5));
  }

  public StreamLimits withConnections(int total, int perIp) {
    return new StreamLimits(
        total, perIp, maxInboundBytes, outboundHighWater, idleTimeout, handshakeTimeout);
  }

  public StreamLimits withIdleTimeout(Duration idle) {
    return new StreamLimits(
        maxConnections, maxPerIp, maxInboundBytes, outboundHighWater, idle, handshakeTimeout);
  }

  public StreamLimits withHandshakeTimeout(Duration handshake) {
    return new StreamLimits(
        maxConnections, maxPerIp, maxInboundBytes, outboundHighWater, idleTimeout, handshake);
  }

  public StreamLimits withBuffers(int inbound, int outboundHighWater) {
    return new StreamLimits(
        maxConnections, maxPerIp, inbound, outboundHighWater, idleTimeout, handshakeTimeout);
  }
}
