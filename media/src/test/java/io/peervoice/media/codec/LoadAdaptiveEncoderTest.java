package io.peervoice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load-adaptive encoder applies the governor's complexity to the encoder only when it changes,
 * keeps the loss controller's later settings (bitrate, FEC) while capping their complexity, and
 * reports the complexity in use.
 */
class LoadAdaptiveEncoderTest {
  private long now;
  private long busy;

  /** Records every settings update it is given. */
  private static final class RecordingEncoder implements AudioEncoder {
    final List<OpusSettings> updates = new ArrayList<>();

    @Override
    public byte[] encode(short[] frame) {
      return new byte[] {1, 2, 3};
    }

    @Override
    public void update(OpusSettings settings) {
      updates.add(settings);
    }

    @Override
    public void close() {}
  }

  private void ticks(LoadAdaptiveEncoder encoder, int n, double busyShare) {
    for (int i = 0; i < n; i++) {
      now += 20_000_000L;
      busy += (long) (busyShare * 20_000_000L);
      encoder.onTick(0);
    }
  }

  @Test
  void capsTheComplexityOfEverySettingItIsGivenAndOnlyUpdatesOnAChange() {
    OpusSettings start = new OpusSettings(32_000, 10, true, 5, false);
    RecordingEncoder inner = new RecordingEncoder();
    var governor =
        new ComplexityGovernor(ComplexityAdaptation.defaults(), 10, () -> now, () -> busy);
    LoadAdaptiveEncoder encoder = new LoadAdaptiveEncoder(inner, start, governor);
    assertThat(inner.updates).isEmpty();
    assertThat(encoder.complexity()).isEqualTo(10);

    ticks(encoder, 1, 0.5); // opens the first window
    ticks(encoder, 50, 0.5); // a calm second: nothing changes
    assertThat(inner.updates).isEmpty();

    ticks(encoder, 50, 0.95); // overloaded: one step down
    assertThat(inner.updates).containsExactly(start.withComplexity(8));
    assertThat(encoder.complexity()).isEqualTo(8);

    // the loss controller raises the bitrate with the configured complexity: capped at 8
    encoder.update(start.withBitrate(40_000));
    assertThat(inner.updates.get(1)).isEqualTo(start.withBitrate(40_000).withComplexity(8));

    ticks(encoder, 50, 0.7); // neither: no update
    assertThat(inner.updates).hasSize(2);
    ticks(encoder, 250, 0.2); // five calm seconds: back to 10, the controller's bitrate kept
    assertThat(inner.updates.get(2)).isEqualTo(start.withBitrate(40_000));
    assertThat(encoder.complexity()).isEqualTo(10);
    assertThat(encoder.stepsDown()).isEqualTo(1);
    assertThat(encoder.stepsUp()).isEqualTo(1);
    assertThat(encoder.encode(new short[960])).containsExactly(1, 2, 3);
  }
}
