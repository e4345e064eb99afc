package io.peervoice.session.sdp;

import io.peervoice.session.MediaDescription;
import io.peervoice.session.SessionDescription;
import io.peervoice.session.dtls.DtlsSrtpKeying;
import java.util.Objects;

/**
 * Between JSEP SDP and a media session's {@link SessionDescription}: the ICE parameters, the
 * payload types and the SSRC. The DTLS parameters ({@code a=setup}, {@code a=fingerprint}) go to
 * and come from the call's {@link DtlsSrtpKeying}.
 */
public final class JsepMapping {
  private JsepMapping() {}

  /**
   * What a media session needs of a peer's offer or answer.
   *
   * @throws IllegalArgumentException if it announces no SSRC or Opus's payload type is not dynamic
   *     (96..127, RFC 3551 §6)
   */
  public static SessionDescription toSession(JsepDescription d) {
    if (d.ssrc() < 0) {
      throw new IllegalArgumentException("the description announces no SSRC (a=ssrc)");
    }
    int opus = d.opusPayloadType();
    if (opus < 96) {
      throw new IllegalArgumentException("Opus needs a dynamic payload type 96..127: " + opus);
    }
    int dtmf = d.dtmfPayloadType();
    if (dtmf < 96) { // none, or a static one we cannot use: our default, never Opus's
      dtmf = new MediaDescription(d.ice(), (int) d.ssrc(), opus, -1).dtmfPayloadTypeOrDefault();
    }
    return new SessionDescription(d.ice(), (int) d.ssrc(), opus, dtmf);
  }

  /**
   * Our offer: {@code local}'s ICE parameters, payload types and SSRC, {@code keying}'s setup and
   * fingerprint, {@code a=mid:0}.
   *
   * @param sessionId the {@code o=} session id (digits), the same in every version
   * @param version the {@code o=} version, one more at each new offer or answer
   * @param endOfCandidates whether gathering is over
   */
  public static JsepDescription offer(
      SessionDescription local,
      DtlsSrtpKeying keying,
      String sessionId,
      long version,
      String cname,
      boolean endOfCandidates) {
    return describe(
        local,
        keying,
        "0",
        sessionId,
        version,
        cname,
        endOfCandidates,
        local.payloadType(),
        local.dtmfPayloadType());
  }

  /**
   * Our answer to {@code offer}: its mid, and the payload types it gave Opus and telephone-event
   * (RFC 3264 §6.1), with {@code local}'s ICE parameters and SSRC and {@code keying}'s setup (see
   * {@link io.peervoice.session.dtls.DtlsSetup#answerTo}) and fingerprint. An offer without
   * telephone-event/48000 gets an answer without it: an answer holds only offered codecs (RFC 8829
   * <a href="https://www.rfc-editor.org/rfc/rfc8829#section-5.3.1">§5.3.1</a>). The session that
   * answers must receive with those payload types.
   *
   * @param sessionId the {@code o=} session id (digits), the same in every version
   * @param version the {@code o=} version: greater than in our previous answer in this session (RFC
   *     3264 <a href="https://www.rfc-editor.org/rfc/rfc3264#section-8">§8</a>)
   */
  public static JsepDescription answer(
      JsepDescription offer,
      SessionDescription local,
      DtlsSrtpKeying keying,
      String sessionId,
      long version,
      String cname,
      boolean endOfCandidates) {
    Objects.requireNonNull(offer, "offer");
    int opus = offer.opusPayloadType();
    int dtmf = offer.dtmfPayloadType(); // -1 if not offered: then none in the answer either
    if (dtmf == opus) {
      dtmf = -1;
    }
    return describe(
        local, keying, offer.mid(), sessionId, version, cname, endOfCandidates, opus, dtmf);
  }

  private static JsepDescription describe(
      SessionDescription local,
      DtlsSrtpKeying keying,
      String mid,
      String sessionId,
      long version,
      String cname,
      boolean endOfCandidates,
      int opus,
      int dtmf) {
    return new JsepDescription(
        sessionId,
        version,
        mid,
        local.ice(),
        endOfCandidates,
        keying.localFingerprint(),
        keying.localSetup(),
        opus,
        dtmf,
        Integer.toUnsignedLong(local.ssrc()),
        cname,
        JsepDescription.Direction.SENDRECV);
  }
}
