package io.peervoice.session;

import io.peervoice.nat.IceParameters;
import java.util.Objects;

/**
 * What one endpoint tells the other in an offer or an answer: its ICE parameters and its RTP stream
 * identity. It carries no SRTP keys: those come from the session's {@link SrtpKeying} strategy.
 * Carried end to end; a rendezvous node never sees it in the clear.
 *
 * @param ice ICE credentials and candidates
 * @param ssrc this endpoint's RTP synchronization source
 * @param payloadType the dynamic RTP payload type for Opus (RFC 7587 §7)
 * @param dtmfPayloadType the dynamic RTP payload type for telephone events (RFC 4733 §7.1.1)
 */
public record SessionDescription(
    IceParameters ice, int ssrc, int payloadType, int dtmfPayloadType) {

  public SessionDescription {
    Objects.requireNonNull(ice, "ice");
    if (payloadType < 96 || payloadType > 127) {
      throw new IllegalArgumentException(
          "Opus needs a dynamic payload type 96..127: " + payloadType);
    }
    if (dtmfPayloadType < 96 || dtmfPayloadType > 127 || dtmfPayloadType == payloadType) {
      throw new IllegalArgumentException(
          "telephone-event needs its own dynamic payload type 96..127: " + dtmfPayloadType);
    }
  }

  /** This description with other ICE parameters (the candidates gathered since). */
  SessionDescription withIce(IceParameters parameters) {
    return new SessionDescription(parameters, ssrc, payloadType, dtmfPayloadType);
  }
}
