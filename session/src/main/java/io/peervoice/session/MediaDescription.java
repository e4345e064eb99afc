package io.peervoice.session;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A call's media description in the call protocol's offer, ringing and answer: ICE credentials and
 * candidates (RFC 8839 attribute syntax), the RTP stream and payload types. Plain text lines, so it
 * reads like the SDP it replaces. Keys are not in it: they are derived end to end.
 *
 * <pre>
 * v=peervoice-media-1
 * ice-ufrag:F7gH
 * ice-pwd:asd88fgpdd777uzjYhagZg
 * candidate:1 1 udp 2130706431 192.0.2.2 50000 typ host
 * ssrc:3735928559
 * opus:111
 * telephone-event:101
 * </pre>
 */
public record MediaDescription(
    IceParameters ice, int ssrc, int opusPayloadType, int dtmfPayloadType) {
  private static final String VERSION = "v=peervoice-media-1";

  /** Opus's payload type when a description does not give one (and what we offer). */
  public static final int DEFAULT_OPUS_PAYLOAD_TYPE = 111;

  /** telephone-event's payload type when a description does not give one (and what we offer). */
  public static final int DEFAULT_DTMF_PAYLOAD_TYPE = 101;

  /**
   * The Opus payload type to send the peer: its own, or {@link #DEFAULT_OPUS_PAYLOAD_TYPE} (110 if
   * the peer gave that to telephone-event). The one rule for every place that reads a description.
   */
  public int opusPayloadTypeOrDefault() {
    if (opusPayloadType >= 0) {
      return opusPayloadType;
    }
    return dtmfPayloadType == DEFAULT_OPUS_PAYLOAD_TYPE
        ? DEFAULT_OPUS_PAYLOAD_TYPE - 1
        : DEFAULT_OPUS_PAYLOAD_TYPE;
  }

  /**
   * The telephone-event payload type to send the peer: its own, or {@link
   * #DEFAULT_DTMF_PAYLOAD_TYPE} (100 if that is Opus's), never the same as Opus's.
   */
  public int dtmfPayloadTypeOrDefault() {
    if (dtmfPayloadType >= 0) {
      return dtmfPayloadType;
    }
    return opusPayloadTypeOrDefault() == DEFAULT_DTMF_PAYLOAD_TYPE
        ? DEFAULT_DTMF_PAYLOAD_TYPE - 1
        : DEFAULT_DTMF_PAYLOAD_TYPE;
  }

  public byte[] encode() {
    StringBuilder b = new StringBuilder(VERSION).append('\n');
    b.append("ice-ufrag:").append(ice.ufrag()).append('\n');
    b.append("ice-pwd:").append(ice.password()).append('\n');
    for (IceCandidate c : ice.candidates()) {
      b.append(c.toSdp()).append('\n');
    }
    b.append("ssrc:").append(Integer.toUnsignedString(ssrc)).append('\n');
    if (opusPayloadType >= 0) {
      b.append("opus:").append(opusPayloadType).append('\n');
    }
    if (dtmfPayloadType >= 0) {
      b.append("telephone-event:").append(dtmfPayloadType).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a description.
   *
   * @throws IllegalArgumentException naming the line that is wrong (a candidate that is not UDP or
   *     whose address is not an IP literal, a payload type outside 96..127)
   */
  public static MediaDescription decode(byte[] bytes) {
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    if (lines.length == 0 || !lines[0].equals(VERSION)) {
      throw new IllegalArgumentException("not a peervoice media description (version line)");
    }
    String ufrag = null;
    String pwd = null;
    Long ssrc = null;
    int opus = -1;
    int dtmf = -1;
    List<IceCandidate> candidates = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      try {
        if (line.startsWith("ice-ufrag:")) {
          ufrag = line.substring(10);
        } else if (line.startsWith("ice-pwd:")) {
          pwd = line.substring(8);
        } else if (line.startsWith("candidate:")) {
          candidates.add(IceCandidate.parseSdp(line));
        } else if (line.startsWith("ssrc:")) {
          ssrc = Long.parseUnsignedLong(line.substring(5));
        } else if (line.startsWith("opus:")) {
          opus = Integer.parseInt(line.substring(5));
        } else if (line.startsWith("telephone-event:")) {
          dtmf = Integer.parseInt(line.substring(16));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "bad media description line " + (i + 1) + ": " + line, e);
      }
    }
    if (ufrag == null || pwd == null || ssrc == null || ssrc > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("media description lacks ice-ufrag, ice-pwd or ssrc");
    }
    if (!dynamicOrAbsent(opus) || !dynamicOrAbsent(dtmf) || (opus >= 0 && opus == dtmf)) {
      throw new IllegalArgumentException(
          "media description payload types must be distinct and 96..127: opus "
              + opus
              + ", telephone-event "
              + dtmf);
    }
    return new MediaDescription(
        new IceParameters(ufrag, pwd, candidates), (int) (long) ssrc, opus, dtmf);
  }

  /** RTP dynamic payload types (RFC 3551 §6), or -1 for a line that was not sent. */
  private static boolean dynamicOrAbsent(int payloadType) {
    return payloadType == -1 || (payloadType >= 96 && payloadType <= 127);
  }
}
