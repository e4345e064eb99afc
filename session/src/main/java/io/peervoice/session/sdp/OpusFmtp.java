package io.peervoice.session.sdp;

import io.peervoice.media.codec.EncoderCap;
import java.util.Locale;

/**
 * What an SDP's Opus {@code a=fmtp} (and {@code a=ptime}) says about the media its sender wants to
 * receive (RFC 7587 <a href="https://www.rfc-editor.org/rfc/rfc7587#section-6.1">§6.1</a>; the
 * defaults are the RFC's when a parameter is absent): parsed leniently, since a parameter we cannot
 * read must not fail a call: a malformed or out-of-range value counts as absent. What we act on is
 * {@link #encoderCap()}; {@code stereo} and {@code maxplaybackrate} need nothing (we send mono
 * Opus, which every receiver plays), and {@code ptime} is kept for the record (we send 20 ms
 * frames, what every WebRTC endpoint takes).
 *
 * @param maxAverageBitrate {@code maxaveragebitrate}, b/s (6,000..510,000), or 0 if not given
 * @param useInbandFec {@code useinbandfec=1}: the receiver can use in-band FEC (default no)
 * @param useDtx {@code usedtx=1}: the receiver prefers DTX (default no)
 * @param stereo {@code stereo=1}: the receiver prefers stereo (default no)
 * @param maxPlaybackRate {@code maxplaybackrate}, Hz (8,000..48,000; default 48,000)
 * @param ptime {@code a=ptime}, ms (1..120), or 0 if not given
 */
public record OpusFmtp(
    int maxAverageBitrate,
    boolean useInbandFec,
    boolean useDtx,
    boolean stereo,
    int maxPlaybackRate,
    int ptime) {

  /** An SDP without {@code a=fmtp} for Opus: the RFC's defaults. */
  public static final OpusFmtp DEFAULTS = new OpusFmtp(0, false, false, false, 48_000, 0);

  /** At most this many parameters of one fmtp line are read. */
  static final int MAX_PARAMETERS = 32;

  /**
   * The parameters of an {@code a=fmtp:PT} line's value after the payload type ({@code
   * minptime=10;useinbandfec=1}), with {@code ptime} (0: none).
   */
  static OpusFmtp parse(String parameters, int ptime) {
    int bitrate = 0;
    boolean fec = false;
    boolean dtx = false;
    boolean stereo = false;
    int playback = 48_000;
    String[] pairs = parameters.split(";", MAX_PARAMETERS + 1);
    for (int i = 0; i < Math.min(pairs.length, MAX_PARAMETERS); i++) {
      int eq = pairs[i].indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = pairs[i].substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = pairs[i].substring(eq + 1).strip();
      switch (name) {
        case "maxaveragebitrate" -> bitrate = number(value, 6_000, 510_000, 0);
        case "useinbandfec" -> fec = value.equals("1");
        case "usedtx" -> dtx = value.equals("1");
        case "stereo" -> stereo = value.equals("1");
        case "maxplaybackrate" -> playback = number(value, 8_000, 48_000, 48_000);
        default -> {
          // minptime, sprop-*, cbr, ...: nothing for our sending
        }
      }
    }
    return new OpusFmtp(bitrate, fec, dtx, stereo, playback, ptime);
  }

  /** {@code a=ptime}'s value in ms (1..120), or 0 if malformed. */
  static int ptime(String value) {
    return number(value.strip(), 1, 120, 0);
  }

  /**
   * The cap for our encoder: the bitrate ceiling ({@code maxaveragebitrate}, else none), in-band
   * FEC only if the receiver can use it, DTX only if it prefers it (RFC 7587 §7.1: the sender
   * follows the receiver's parameters).
   */
  public EncoderCap encoderCap() {
    return new EncoderCap(
        maxAverageBitrate == 0 ? 510_000 : maxAverageBitrate, useInbandFec, useDtx);
  }

  private static int number(String text, int min, int max, int otherwise) {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return otherwise;
    }
    int n = Integer.parseInt(text);
    return n < min || n > max ? otherwise : n;
  }
}
