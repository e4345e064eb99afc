package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import io.peervoice.session.SessionDescription;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NAT lab peer's offer file: the description and the side's send key survive the JSON trip. */
class LabPeerOfferTest {

  @Test
  void anOfferWithItsSendKeyRoundTripsThroughJson() throws Exception {
    SessionDescription description =
        new SessionDescription(
            new IceParameters(
                "ufrag",
                "p".repeat(24),
                List.of(
                    new IceCandidate(
                        "1", 1, 2130706431, "192.0.2.7", 40000, CandidateType.HOST, null, 0))),
            1234,
            111,
            101);
    SrtpKeyMaterial key =
        SrtpKeyMaterial.random(SrtpProfile.AEAD_AES_128_GCM, new SecureRandom(new byte[] {1}));
    LabPeerCommand.LabOffer offer = new LabPeerCommand.LabOffer(description, key);
    ObjectMapper json = new ObjectMapper();

    LabPeerCommand.LabOffer read =
        json.readValue(json.writeValueAsString(offer), LabPeerCommand.LabOffer.class);

    assertThat(read.description()).isEqualTo(description);
    assertThat(read.key()).isEqualTo(key);
  }
}
