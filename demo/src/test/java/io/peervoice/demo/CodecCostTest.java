package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.codec.OpusSettings;
import io.peervoice.session.MediaSessionConfig;
import org.junit.jupiter.api.Test;

/** The bench's codec share is timed at the settings a clean path's calls run, not their start. */
class CodecCostTest {

  @Test
  void aCleanPathRaisesTheBitrateToTheCapAndTheExpectedLossToZero() {
    OpusSettings start = OpusSettings.voiceDefaults().withComplexity(10);

    OpusSettings settled = CodecCost.cleanPath(start, CodecCost.SETTLE_REPORTS);

    assertThat(start.bitrate()).isLessThan(MediaSessionConfig.DEFAULT_MAX_BITRATE);
    assertThat(start.expectedLossPercent()).isPositive();
    assertThat(settled.bitrate()).isEqualTo(MediaSessionConfig.DEFAULT_MAX_BITRATE);
    assertThat(settled.expectedLossPercent()).isZero();
    assertThat(settled.complexity()).isEqualTo(10);
    assertThat(CodecCost.cleanPath(start, 0)).isEqualTo(start);
  }

  @Test
  void theCodecIsTimedAtTheSettledSettings() {
    OpusSettings start = OpusSettings.voiceDefaults().withComplexity(5);

    CodecCost cost = CodecCost.measure(start, 2);

    assertThat(cost.settings()).isEqualTo(CodecCost.cleanPath(start, CodecCost.SETTLE_REPORTS));
    assertThat(cost.settings()).isNotEqualTo(start);
    assertThat(cost.encodeMicros()).isPositive();
    assertThat(cost.decodeMicros()).isPositive();
  }
}
