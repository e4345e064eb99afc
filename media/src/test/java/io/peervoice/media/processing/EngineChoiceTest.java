package io.peervoice.media.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A phone's choice of engine ({@link AudioProcessing#engine()}): the stage runs on it. */
class EngineChoiceTest {

  @Test
  void theDefaultEngineIsPeervoiceAec() {
    assertThat(AudioProcessing.defaults().engine()).isEqualTo(ProcessingEngine.PEERVOICE_AEC);
    assertThat(new AudioProcessing(true, NoiseSuppression.LOW, false, true).engine())
        .isEqualTo(ProcessingEngine.PEERVOICE_AEC);
  }

  /** Each engine that loads here is the one a call's stage runs on when chosen. */
  @ParameterizedTest
  @EnumSource(
      value = ProcessingEngine.class,
      names = {"PEERVOICE_AEC", "WEBRTC_AEC3", "SPEEXDSP"})
  void theChosenEngineRunsTheStage(ProcessingEngine engine) {
    boolean loads =
        AudioProcessors.engines().stream().anyMatch(e -> e.engine() == engine && e.available());
    AudioProcessing settings = AudioProcessing.defaults().withEngine(engine);
    try (AudioProcessor processor = AudioProcessors.open(settings)) {
      if (loads) {
        assertThat(processor.engine()).isEqualTo(engine);
      } else {
        // it cannot load: the call still gets the best engine that does
        assertThat(processor.engine()).isEqualTo(ProcessingEngine.PEERVOICE_AEC);
      }
    }
  }

  @Test
  void withEngineKeepsTheOtherSettings() {
    AudioProcessing p =
        AudioProcessing.off()
            .withNoiseSuppression(NoiseSuppression.HIGH)
            .withEngine(ProcessingEngine.SPEEXDSP);
    assertThat(p)
        .isEqualTo(
            new AudioProcessing(
                false, NoiseSuppression.HIGH, false, false, ProcessingEngine.SPEEXDSP));
    assertThat(p.withGainControl(true).engine()).isEqualTo(ProcessingEngine.SPEEXDSP);
  }

  @Test
  void noneIsNotAnEngineToChoose() {
    assertThatThrownBy(() -> AudioProcessing.defaults().withEngine(ProcessingEngine.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switch the processing off");
    assertThatThrownBy(() -> AudioProcessing.defaults().withEngine(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void namesParseOrSayWhatIsAccepted() {
    assertThat(ProcessingEngine.parse("peervoice")).isEqualTo(ProcessingEngine.PEERVOICE_AEC);
    assertThat(ProcessingEngine.parse(" WebRTC ")).isEqualTo(ProcessingEngine.WEBRTC_AEC3);
    assertThat(ProcessingEngine.parse("speexdsp")).isEqualTo(ProcessingEngine.SPEEXDSP);
    assertThat(ProcessingEngine.parse("webrtc-aec3")).isEqualTo(ProcessingEngine.WEBRTC_AEC3);
    assertThatThrownBy(() -> ProcessingEngine.parse("none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use peervoice, webrtc or speex");
  }
}
