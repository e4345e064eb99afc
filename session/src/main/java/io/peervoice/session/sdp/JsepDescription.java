package io.peervoice.session.sdp;

import io.peervoice.nat.IceParameters;
import io.peervoice.session.dtls.CertificateFingerprint;
import io.peervoice.session.dtls.DtlsSetup;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The subset of a JSEP session description (RFC 9429, SDP RFC 8866) that an audio-only WebRTC call
 * uses: one BUNDLEd {@code m=audio} section over {@code UDP/TLS/RTP/SAVPF} with rtcp-mux, its ICE
 * parameters and candidates (RFC 8839), its DTLS fingerprint and setup (RFC 8122, RFC 5763), Opus
 * and telephone-event payload types, and the SSRC it sends from. Parsed by {@link SdpParser},
 * written by {@link SdpWriter}, mapped to a {@code SessionDescription} by {@link JsepMapping}.
 *
 * @param sessionId the {@code o=} session id (digits)
 * @param sessionVersion the {@code o=} session version
 * @param mid the audio section's {@code a=mid} (also its BUNDLE tag)
 * @param ice ICE credentials and the usable candidates (UDP, IP literals)
 * @param endOfCandidates whether {@code a=end-of-candidates} was given (RFC 8840 §4.1)
 * @param fingerprint the DTLS certificate's {@code a=fingerprint}
 * @param setup the {@code a=setup} role
 * @param opusPayloadType Opus/48000/2's payload type
 * @param dtmfPayloadType telephone-event/48000's payload type, or -1 if none
 * @param ssrc the SSRC the endpoint sends from, or -1 if it announces none
 * @param cname the RTCP CNAME of that SSRC, or null
 * @param direction the media direction
 */
public record JsepDescription(
    String sessionId,
    long sessionVersion,
    String mid,
    IceParameters ice,
    boolean endOfCandidates,
    CertificateFingerprint fingerprint,
    DtlsSetup setup,
    int opusPayloadType,
    int dtmfPayloadType,
    long ssrc,
    String cname,
    Direction direction) {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]{1,64}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");

  /** {@code a=sendrecv} and its kin (RFC 8866 §6.7). */
  public enum Direction {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    public String sdpName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public JsepDescription {
    Objects.requireNonNull(ice, "ice");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(direction, "direction");
    if (sessionId == null || !DIGITS.matcher(sessionId).matches()) {
      throw new IllegalArgumentException("o= session id must be 1..20 digits: " + sessionId);
    }
    if (sessionVersion < 0) {
      throw new IllegalArgumentException("o= session version must not be negative");
    }
    if (mid == null || !TOKEN.matcher(mid).matches()) {
      throw new IllegalArgumentException("a=mid must be a token of 1..64 chars: " + mid);
    }
    if (!rtpPayloadType(opusPayloadType)) {
      throw new IllegalArgumentException("Opus payload type must be 0..127: " + opusPayloadType);
    }
    if (dtmfPayloadType != -1
        && (!rtpPayloadType(dtmfPayloadType) || dtmfPayloadType == opusPayloadType)) {
      throw new IllegalArgumentException(
          "telephone-event payload type must be 0..127 and not Opus's: " + dtmfPayloadType);
    }
    if (ssrc < -1 || ssrc > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("SSRC must be 0..2^32-1: " + ssrc);
    }
    if (cname != null
        && (cname.isEmpty()
            || cname.length() > 255
            || !cname.strip().equals(cname)
            || cname.chars().anyMatch(c -> c < 0x21 || c > 0x7E))) {
      throw new IllegalArgumentException("CNAME must be 1..255 visible ASCII characters");
    }
  }

  private static boolean rtpPayloadType(int type) {
    return type >= 0 && type <= 127;
  }
}
