package io.peervoice.session;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.nat.IceParameters;
import java.util.Objects;

/**
 * What one endpoint tells the other in an offer or an answer: its ICE parameters, the SRTP key it
 * will encrypt its own media with (one fresh key per direction, as SDES does, RFC 4568), and its
 * RTP stream identity. Carried end to end; a rendezvous node never sees it in the clear.
 *
 * @param ice ICE credentials and candidates
 * @param sendKey the key this endpoint protects its outgoing RTP with
 * @param ssrc this endpoint's RTP synchronization source
 * @param payloadType the dynamic RTP payload type for Opus (RFC 7587 §7)
 * @param dtmfPayloadType the dynamic RTP payload type for telephone events (RFC 4733 §7.1.1)
 */
public record SessionDescription(
    IceParameters ice, SrtpKeyMaterial sendKey, int ssrc, int payloadType, int dtmfPayloadType) {

  public SessionDescription {
    Objects.requireNonNull(ice, "ice");
    Objects.requireNonNull(sendKey, "sendKey");
    if (payloadType < 96 || payloadType > 127) {
      throw new IllegalArgumentException(
          "Opus needs a dynamic payload type 96..127: " + payloadType);
    }
    if (dtmfPayloadType < 96 || dtmfPayloadType > 127 || dtmfPayloadType == payloadType) {
      throw new IllegalArgumentException(
          "telephone-event needs its own dynamic payload type 96..127: " + dtmfPayloadType);
    }
  }

  /** This description with another SRTP key. */
  SessionDescription withKey(SrtpKeyMaterial key) {
    return new SessionDescription(ice, key, ssrc, payloadType, dtmfPayloadType);
  }

  /** This description with other ICE parameters (the candidates gathered since). */
  SessionDescription withIce(IceParameters parameters) {
    return new SessionDescription(parameters, sendKey, ssrc, payloadType, dtmfPayloadType);
  }
}
