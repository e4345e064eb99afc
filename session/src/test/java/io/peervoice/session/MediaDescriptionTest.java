package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.IceParameters;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One rule for the payload types a description leaves out, the same for the call's first ICE and
 * for an ICE restart (a restart used 96/97, which collided with a peer's opus:97).
 */
class MediaDescriptionTest {
  @ParameterizedTest(name = "opus {0}, telephone-event {1} -> {2}/{3}")
  @CsvSource({
    "-1, -1, 111, 101",
    "96, -1, 96, 101",
    "97, -1, 97, 101",
    "101, -1, 101, 100",
    "-1, 111, 110, 111",
    "-1, 97, 111, 97",
    "120, 121, 120, 121"
  })
  void absentPayloadTypesTakeTheDefaultsAndNeverCollide(
      int opus, int dtmf, int expectedOpus, int expectedDtmf) {
    MediaDescription d =
        new MediaDescription(
            new IceParameters("ufrag", "asd88fgpdd777uzjYhagZg", List.of()), 7, opus, dtmf);
    MediaDescription back = MediaDescription.decode(d.encode());
    assertThat(back.opusPayloadTypeOrDefault()).isEqualTo(expectedOpus);
    assertThat(back.dtmfPayloadTypeOrDefault()).isEqualTo(expectedDtmf);
    assertThat(back.opusPayloadTypeOrDefault()).isNotEqualTo(back.dtmfPayloadTypeOrDefault());
  }
}
