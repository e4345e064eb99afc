package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.NoiseSuppression;
import io.peervoice.media.processing.ProcessingEngine;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProcessingOptionsTest {

  private static ProcessingOptions parse(String... args) {
    ProcessingOptions o = new ProcessingOptions();
    new CommandLine(o).parseArgs(args);
    return o;
  }

  @Test
  void withoutOptionsTheSdkDecidesBySource() {
    assertThat(parse().settings(true)).isNull();
    assertThat(parse().settings(false)).isNull();
  }

  @Test
  void eachOptionChangesOneSettingOfTheSourcesDefault() {
    assertThat(parse("--aec", "off").settings(true))
        .isEqualTo(AudioProcessing.defaults().withEchoCancellation(false));
    assertThat(parse("--ns", "high").settings(false))
        .isEqualTo(AudioProcessing.off().withNoiseSuppression(NoiseSuppression.HIGH));
    assertThat(parse("--aec", "on", "--ns", "low", "--agc", "on").settings(false))
        .isEqualTo(new AudioProcessing(true, NoiseSuppression.LOW, true, false));
  }

  @Test
  void theEngineOptionChoosesTheEngineOfTheSourcesDefault() {
    assertThat(parse("--aec-engine", "speex").settings(true))
        .isEqualTo(AudioProcessing.defaults().withEngine(ProcessingEngine.SPEEXDSP));
    assertThat(parse("--aec-engine", "WEBRTC", "--ns", "low").settings(false))
        .isEqualTo(
            AudioProcessing.off()
                .withNoiseSuppression(NoiseSuppression.LOW)
                .withEngine(ProcessingEngine.WEBRTC_AEC3));
    assertThat(parse("--aec-engine", "peervoice-aec").settings(true).engine())
        .isEqualTo(ProcessingEngine.PEERVOICE_AEC);
  }
}
