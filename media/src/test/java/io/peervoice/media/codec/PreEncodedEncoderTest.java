package io.peervoice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A leg's encoder sends the frame its source has ready, and encodes only when it has none. */
class PreEncodedEncoderTest {
  private final List<OpusSettings> told = new ArrayList<>();
  private byte[] ready; // what the source has for the frame just read, or null

  private final PreEncodedSource source =
      new PreEncodedSource() {
        @Override
        public void encoderSettings(OpusSettings settings) {
          told.add(settings);
        }

        @Override
        public int takeEncoded(byte[] out, int offset) {
          if (ready == null) {
            return -1;
          }
          System.arraycopy(ready, 0, out, offset, ready.length);
          int n = ready.length;
          ready = null;
          return n;
        }
      };

  @Test
  void readyBytesAreSentAsTheyAreAndTheOwnEncoderRunsOnlyWithoutThem() {
    OpusSettings settings = new OpusSettings(32_000, 5, false, 0, false);
    try (AudioEncoder own = OpusCodec.encoder(settings);
        PreEncodedEncoder encoder = new PreEncodedEncoder(own, settings, source)) {
      assertThat(told).containsExactly(settings);
      byte[] packet = new byte[1300];
      ready = new byte[] {7, 8, 9, 10};
      assertThat(encoder.encode(new short[960], packet, 12)).isEqualTo(4);
      assertThat(Arrays.copyOfRange(packet, 0, 16))
          .isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 8, 9, 10});

      int n = encoder.encode(new short[960], packet, 12); // none ready: its own Opus frame
      assertThat(n).isBetween(1, 1275);
      assertThat(Arrays.copyOfRange(packet, 12, 12 + n)).isNotEqualTo(new byte[] {7, 8, 9, 10});

      OpusSettings lower = settings.withBitrate(16_000);
      encoder.update(lower);
      assertThat(told).containsExactly(settings, lower);
    }
  }
}
