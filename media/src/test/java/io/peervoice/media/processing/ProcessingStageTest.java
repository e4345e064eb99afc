package io.peervoice.media.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.pipeline.ProcessingChain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessingStageTest {

  /** Records the blocks it sees and negates captured ones, so in-place changes show. */
  static final class Recording implements AudioProcessor {
    final List<String> seen = new ArrayList<>();
    boolean closed;

    @Override
    public void render(short[] farEnd10ms) {
      seen.add("render " + farEnd10ms.length + " from " + farEnd10ms[0]);
    }

    @Override
    public void capture(short[] near10ms) {
      seen.add("capture " + near10ms.length + " from " + near10ms[0]);
      for (int i = 0; i < near10ms.length; i++) {
        near10ms[i] = (short) -near10ms[i];
      }
    }

    @Override
    public ProcessingEngine engine() {
      return ProcessingEngine.NONE;
    }

    @Override
    public ProcessingStats stats() {
      return ProcessingStats.empty(ProcessingEngine.NONE);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void eachTwentyMillisecondFrameGoesThroughAsTwoTenMillisecondBlocksInOrder() {
    Recording p = new Recording();
    ProcessingChain chain = ProcessingChain.of(new ProcessingStage(p));
    short[] played = ramp();
    List<short[]> sunk = new ArrayList<>();
    chain.playout(f -> sunk.add(f.clone())).write(played);
    AudioSource mic =
        f -> {
          System.arraycopy(ramp(), 0, f, 0, f.length);
          return true;
        };
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    assertThat(chain.capture(mic).read(frame)).isTrue();

    assertThat(p.seen)
        .containsExactly(
            "render 480 from 0",
            "render 480 from 480",
            "capture 480 from 0",
            "capture 480 from 480");
    assertThat(sunk.get(0)).as("the played frame is unchanged").isEqualTo(ramp());
    assertThat(frame[1]).isEqualTo((short) -1);
    assertThat(frame[959]).as("both halves processed in place").isEqualTo((short) -959);
    chain.close();
    assertThat(p.closed).isTrue();
  }

  private static short[] ramp() {
    short[] f = new short[PcmFormat.FRAME_SAMPLES];
    for (int i = 0; i < f.length; i++) {
      f[i] = (short) i;
    }
    return f;
  }
}
