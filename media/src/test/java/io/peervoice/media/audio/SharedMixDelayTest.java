package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * S8 tel: the delay of the shared mix with one talker, on a fake clock. The talker's leg ticks at 0
 * ms of each frame, three silent listeners at 5, 10 and 15 ms: each should hear the talker's frame
 * 5, 10 and 15 ms after it arrived. At the start the shared mix is a frame behind the talker (25,
 * 30, 35 ms); before S8 it stayed there for a second (the trim after 50 reads), for every listener
 * at once, and every late tick of whichever leg mixes it put it there again. Now it trims after 5
 * reads. Fails with the shared mix trimmed like the legs' own mixes.
 */
class SharedMixDelayTest {
  private static final int F = PcmFormat.FRAME_SAMPLES;
  private static final long MS = 1_000_000L;

  private static short[] frameOf(int value) {
    short[] f = new short[F];
    Arrays.fill(f, (short) value);
    return f;
  }

  @Test
  void aSharedMixLeftAFrameBehindComesBackWithin100Ms() {
    AtomicLong now = new AtomicLong(1_000 * MS);
    ConferenceMixer mixer =
        new ConferenceMixer(
            "host",
            now::get,
            new ConferenceMixer.FrameEncoder() {
              @Override
              public int encode(short[] pcm, byte[] out, int offset) {
                return 1;
              }

              @Override
              public void close() {}
            });
    long[] phase = {0, 5, 10, 15};
    MixerPort[] legs = new MixerPort[4];
    for (int i = 0; i < 4; i++) {
      legs[i] = mixer.add("leg" + i);
    }
    byte[] packet = new byte[1500];
    short[] out = new short[F];
    for (int frame = 0; frame < 60; frame++) {
      for (int i = 0; i < 4; i++) {
        now.set(1_000 * MS + frame * 20 * MS + phase[i] * MS);
        ConferenceMixer.Stats before = mixer.stats();
        legs[i].send(frameOf(0), out, new short[F]);
        boolean shared = legs[i].takeEncoded(packet, 0) >= 0;
        ConferenceMixer.Stats after = mixer.stats();
        legs[i].received(frameOf(i == 0 ? 3_000 : 0)); // leg 0 talks
        long n = after.framesMixed() - before.framesMixed();
        if (i == 0 || frame < 8) {
          continue;
        }
        double waited =
            (after.meanDelayMillis() * after.framesMixed()
                    - before.meanDelayMillis() * before.framesMixed())
                / n;
        assertThat(shared).as("listener %d hears the shared mix", i).isTrue();
        assertThat(waited)
            .as("listener %d at frame %d: the talker's frame waited", i, frame)
            .isCloseTo(phase[i], org.assertj.core.data.Offset.offset(0.01));
      }
    }
  }
}
