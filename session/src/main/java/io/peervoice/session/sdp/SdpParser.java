package io.peervoice.session.sdp;

import io.peervoice.nat.IceCandidate;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Parses the SDP a browser sends (RFC 8866 syntax, JSEP RFC 9429 content) into a {@link
 * JsepDescription}: one audio section over DTLS-SRTP. Hostile input is bounded: at most {@value
 * #MAX_BYTES} bytes, {@value #MAX_LINES} lines of {@value #MAX_LINE} characters, {@value
 * #MAX_CANDIDATES} candidates kept. Opus's {@code a=fmtp} and {@code a=ptime} are read leniently
 * ({@link OpusFmtp}). Attributes it does not use (extmap, rtcp-fb, msid, ...) and unknown lines are
 * ignored. Candidates it cannot use (TCP, mDNS {@code .local} host names, RTCP components) are
 * skipped and counted, never resolved. Refused, with a sentence saying why: a video or data-channel
 * section (audio only), a second audio section, a rejected one (port 0), a profile other than
 * {@code UDP/TLS/RTP/SAVPF}, no Opus/48000/2, no rtcp-mux, missing ICE credentials, fingerprint
 * (sha-256), setup or mid.
 */
public final class SdpParser {
  /** Largest description taken, in bytes (a Chromium audio offer is about 2-4 KB). */
  public static final int MAX_BYTES = 65_536;

  /** Most lines taken. */
  public static final int MAX_LINES = 1_024;

  /** Longest line taken, in characters. */
  public static final int MAX_LINE = 4_096;

  /** Candidates kept at most (the phone's cap per call, docs/calls.md); the rest are skipped. */
  public static final int MAX_CANDIDATES = 16;

  /**
   * A parsed description and how many of its candidates were skipped.
   *
   * @param description the description
   * @param candidatesSkipped candidates that were not usable or over the cap
   * @param opusFmtp S8: the Opus {@code a=fmtp} and {@code a=ptime} ({@link OpusFmtp#DEFAULTS} if
   *     none)
   */
  public record Parsed(JsepDescription description, int candidatesSkipped, OpusFmtp opusFmtp) {}

  private SdpParser() {}

  /**
   * Parses UTF-8 SDP text.
   *
   * @throws IllegalArgumentException saying what is refused or malformed (with the line number)
   */
  public static Parsed parse(byte[] sdp) {
    if (sdp.length > MAX_BYTES) {
      throw new IllegalArgumentException("SDP larger than " + MAX_BYTES + " bytes");
    }
    return parse(new String(sdp, StandardCharsets.UTF_8));
  }

  /**
   * Parses SDP text.
   *
   * @throws IllegalArgumentException saying what is refused or malformed (with the line number)
   */
  public static Parsed parse(String sdp) {
    if (sdp.length() > MAX_BYTES) {
      throw new IllegalArgumentException("SDP larger than " + MAX_BYTES + " characters");
    }
    String[] lines = sdp.split("\n", MAX_LINES + 2);
    if (lines.length > MAX_LINES + 1) {
      throw new IllegalArgumentException("SDP has more than " + MAX_LINES + " lines");
    }
    SdpLines s = new SdpLines();
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isEmpty()) {
        continue;
      }
      try {
        s.line(i, line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SDP line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return s.finish();
  }

  /**
   * A trickled candidate as a browser's {@code RTCIceCandidate.candidate} gives it ({@code
   * candidate:...}, with or without {@code a=}): empty for an unusable one (TCP, mDNS name, not
   * component 1) and for the end of candidates (an empty string or {@code end-of-candidates}).
   *
   * @throws IllegalArgumentException if it is longer than {@value #MAX_LINE} characters
   */
  public static Optional<IceCandidate> trickled(String candidate) {
    if (candidate.length() > MAX_LINE) {
      throw new IllegalArgumentException("candidate longer than " + MAX_LINE + " characters");
    }
    String text = candidate.strip();
    if (text.startsWith("a=")) {
      text = text.substring(2);
    }
    if (!text.startsWith("candidate:")) {
      return Optional.empty();
    }
    return usable(text);
  }

  static Optional<IceCandidate> usable(String text) {
    try {
      IceCandidate c = IceCandidate.parseSdp(text);
      return c.component() == 1 ? Optional.of(c) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
