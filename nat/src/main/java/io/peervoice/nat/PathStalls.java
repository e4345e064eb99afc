package io.peervoice.nat;

/**
 * Stalls of a media path: gaps between two datagrams arriving from the peer longer than {@link
 * #THRESHOLD_MILLIS}: two 20 ms audio packets missing and more. A TCP relay that loses a segment
 * holds everything behind it until the retransmission: a fast retransmit after duplicate ACKs (tens
 * of ms at 50 packets a second) or a retransmission timeout (200 ms and more on Linux). Reports
 * show them as {@code network.stalls}, {@code network.stall_ms_max} and {@code
 * network.stall_ms_total}. With discontinuous transmission (DTX) on, the peer's silences count as
 * well.
 *
 * @param count gaps longer than the threshold
 * @param maxMillis the longest gap, in milliseconds (0 without stalls)
 * @param totalMillis the stalls' lengths added up, in milliseconds
 */
public record PathStalls(long count, long maxMillis, long totalMillis) {
  /** A gap longer than this is a stall. */
  public static final long THRESHOLD_MILLIS = 60;

  /** No stall. */
  public static final PathStalls NONE = new PathStalls(0, 0, 0);

  public PathStalls {
    if (count < 0 || maxMillis < 0 || totalMillis < maxMillis) {
      throw new IllegalArgumentException(
          "stalls: count " + count + ", max " + maxMillis + ", total " + totalMillis);
    }
  }
}
