package io.peervoice.media.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioProcessingTest {

  @Test
  void defaultsSwitchEverythingOnAndOffSwitchesEverythingOff() {
    assertThat(AudioProcessing.defaults())
        .isEqualTo(new AudioProcessing(true, NoiseSuppression.MODERATE, true, true));
    assertThat(AudioProcessing.defaults().enabled()).isTrue();
    assertThat(AudioProcessing.off().enabled()).isFalse();
    assertThat(AudioProcessing.defaults().describe()).isEqualTo("aec=on ns=moderate agc=on hpf=on");
  }

  @Test
  void withersChangeOneSettingEach() {
    AudioProcessing p =
        AudioProcessing.off()
            .withEchoCancellation(true)
            .withNoiseSuppression(NoiseSuppression.HIGH)
            .withGainControl(true)
            .withHighPass(true);
    assertThat(p).isEqualTo(new AudioProcessing(true, NoiseSuppression.HIGH, true, true));
    assertThat(AudioProcessing.off().withHighPass(true).enabled()).isTrue();
    assertThat(AudioProcessing.defaults().withGainControl(false).gainControl()).isFalse();
  }

  @Test
  void noiseSuppressionIsRequired() {
    assertThatThrownBy(() -> new AudioProcessing(true, null, true, true))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("noiseSuppression");
  }

  @Test
  void commandLineValuesParseOrSayWhatIsAccepted() {
    assertThat(NoiseSuppression.parse("Moderate")).isEqualTo(NoiseSuppression.MODERATE);
    assertThat(NoiseSuppression.parse("off")).isEqualTo(NoiseSuppression.OFF);
    assertThatThrownBy(() -> NoiseSuppression.parse("max"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noise suppression must be off, low, moderate or high: max");
    assertThat(AudioProcessing.parseSwitch("--aec", "ON")).isTrue();
    assertThat(AudioProcessing.parseSwitch("--aec", "off")).isFalse();
    assertThatThrownBy(() -> AudioProcessing.parseSwitch("--agc", "yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--agc must be on or off: yes");
  }

  @Test
  void engineLabelsAreTheJsonNames() {
    assertThat(ProcessingEngine.PEERVOICE_AEC.label()).isEqualTo("peervoice-aec");
    assertThat(ProcessingEngine.WEBRTC_AEC3.label()).isEqualTo("webrtc-aec3");
    assertThat(ProcessingEngine.SPEEXDSP.label()).isEqualTo("speexdsp");
    assertThat(ProcessingEngine.NONE.label()).isEqualTo("none");
  }
}
