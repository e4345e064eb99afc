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
 * @param frameTimeout a connection's first frame must be complete within this of it opening (TLS:
 *     of its handshake), and any later frame within this of its first byte: a connection idling on
 *     part of a frame is closed (slowloris)
 */
public record StreamLimits(
    int maxConnections,
    int maxPerIp,
    int outboundHighWater,
    Duration idleTimeout,
    Duration handshakeTimeout,
    Duration frameTimeout) {

  /** {@link #frameTimeout()} unless set: a few seconds, far above a frame's time on any link. */
  public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(5);

  /** The defaults' outbound high water: 8 of the largest frames a node sends (2 KiB each). */
  public static final int DEFAULT_OUTBOUND_HIGH_WATER = 16 * 1024;

  public StreamLimits {
    if (maxConnections < 1 || maxPerIp < 1 || maxPerIp > maxConnections) {
      throw new IllegalArgumentException("need 1 <= maxPerIp <= maxConnections");
    }
    if (outboundHighWater < 2) {
      throw new IllegalArgumentException("the outbound high water must be at least 2 bytes");
    }
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(frameTimeout, "frameTimeout");
    if (idleTimeout.toMillis() < 1
        || handshakeTimeout.toMillis() < 1
        || frameTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeouts must be at least 1 ms");
    }
  }

  /** As before frame timeouts: {@link #DEFAULT_FRAME_TIMEOUT}. */
  public StreamLimits(
      int maxConnections,
      int maxPerIp,
      int outboundHighWater,
      Duration idleTimeout,
      Duration handshakeTimeout) {
    this(
        maxConnections,
        maxPerIp,
        outboundHighWater,
        idleTimeout,
        handshakeTimeout,
        DEFAULT_FRAME_TIMEOUT);
  }

  /**
   * 10,000 connections, 16 per IP, 16 KiB queued out per connection (a node's messages are at most
   * 2 KiB: eight of them; a peer that reads slower loses messages as over UDP, and a connection
   * costs at most this much of the node's memory), 90 s idle (a node's attachment idle time; peers
   * keep alive every 25 s), 5 s for a TLS handshake, 5 s for a frame.
   */
  public static StreamLimits defaults() {
    return new StreamLimits(
        10_000,
        16,
        DEFAULT_OUTBOUND_HIGH_WATER,
        Duration.ofSeconds(90),
        Duration.ofSeconds(5),
        DEFAULT_FRAME_TIMEOUT);
  }

  public StreamLimits withConnections(int total, int perIp) {
    return new StreamLimits(
        total, perIp, outboundHighWater, idleTimeout, handshakeTimeout, frameTimeout);
  }

  public StreamLimits withIdleTimeout(Duration idle) {
    return new StreamLimits(
        maxConnections, maxPerIp, outboundHighWater, idle, handshakeTimeout, frameTimeout);
  }

  public StreamLimits withHandshakeTimeout(Duration handshake) {
    return new StreamLimits(
        maxConnections, maxPerIp, outboundHighWater, idleTimeout, handshake, frameTimeout);
  }

  public StreamLimits withOutboundHighWater(int bytes) {
    return new StreamLimits(
        maxConnections, maxPerIp, bytes, idleTimeout, handshakeTimeout, frameTimeout);
  }

  public StreamLimits withFrameTimeout(Duration frame) {
    return new StreamLimits(
        maxConnections, maxPerIp, outboundHighWater, idleTimeout, handshakeTimeout, frame);
  }
}
