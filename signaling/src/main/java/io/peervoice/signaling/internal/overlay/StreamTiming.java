package io.peervoice.signaling.internal.overlay;

import java.time.Duration;

/**
 * When {@link ClientStreams} tries a node's streams.
 *
 * @param fallbackMillis UDP silence after which a node is dialled over its streams
 * @param tlsHeadStartMillis how long TCP is dialled alone before TLS is dialled too; 0: TLS and TCP
 *     together, TLS first
 * @param connectTimeout how long one dial may take
 */
public record StreamTiming(long fallbackMillis, long tlsHeadStartMillis, Duration connectTimeout) {
  /**
   * How long TCP gets alone before TLS is dialled too: none. RFC 8305 §5 staggers attempts by 250
   * ms to spare a server; here TCP and TLS go to one node, and on a network that lets only TCP 443
   * out the TCP dial never answers, so a stagger is pure delay to the attach. The loser is closed.
   */
  public static final long TLS_HEAD_START_MILLIS = 0;

  /** How long one TCP or TLS dial may take (connect and handshake). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  public StreamTiming {
    if (fallbackMillis < 0 || tlsHeadStartMillis < 0 || connectTimeout.isNegative()) {
      throw new IllegalArgumentException("stream timings must not be negative");
    }
  }

  /** The defaults: 250 ms of UDP silence, then TCP and TLS at once, 2 s per dial. */
  public static StreamTiming defaults() {
    return new StreamTiming(ClientStreams.FALLBACK_MILLIS, TLS_HEAD_START_MILLIS, CONNECT_TIMEOUT);
  }

  /** These timings with {@code fallbackMillis} of UDP silence before the streams. */
  public StreamTiming withFallbackMillis(long fallbackMillis) {
    return new StreamTiming(fallbackMillis, tlsHeadStartMillis, connectTimeout);
  }
}
