package io.peervoice.media.rtcp;

/** NTP timestamps (RFC 5905 §6) as RTCP uses them (RFC 3550 §4). */
public final class NtpTime {
  /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
  static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;

  private NtpTime() {}

  /** The 64-bit NTP timestamp for a Unix time in milliseconds. */
  public static long fromUnixMillis(long unixMillis) {
    long seconds = Math.floorDiv(unixMillis, 1000) + EPOCH_OFFSET_SECONDS;
    long fraction = (Math.floorMod(unixMillis, 1000L) << 32) / 1000;
    return (seconds << 32) | fraction;
  }

  /** The middle 32 bits, the compact form used for LSR and RTT (RFC 3550 §6.4.1). */
  public static long middle(long ntp) {
    return (ntp >>> 16) & 0xFFFF_FFFFL;
  }
}
