package io.peervoice.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The processing chain runs its processors in order on each captured frame before the encoder sees
 * it, gives each one every played frame (echo reference) before the speaker gets it, makes fresh
 * processors per call from factories, and costs nothing when empty.
 */
class ProcessingChainTest {
  private final List<String> log = new ArrayList<>();

  /** Adds {@code offset} to every sample and records what it saw. */
  private final class Offset implements AudioProcessor {
    final String name;
    final int offset;
    final List<short[]> farEnd = new ArrayList<>();
    boolean closed;

    Offset(String name, int offset) {
      this.name = name;
      this.offset = offset;
    }

    @Override
    public void process(short[] frame) {
      log.add(name + ".process " + frame[0]);
      for (int i = 0; i < frame.length; i++) {
        frame[i] = (short) (frame[i] + offset);
      }
    }

    @Override
    public void farEnd(short[] played) {
      log.add(name + ".farEnd " + played[0]);
      farEnd.add(played.clone());
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static short[] frameOf(int value) {
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    Arrays.fill(frame, (short) value);
    return frame;
  }

  @Test
  void captureRunsEachProcessorInOrderAndPlayoutFeedsTheFarEndBeforeTheSpeaker() {
    Offset first = new Offset("first", 10);
    Offset second = new Offset("second", 100);
    ProcessingChain chain = ProcessingChain.of(first, second);
    AudioSource mic =
        frame -> {
          log.add("mic");
          Arrays.fill(frame, (short) 1);
          return true;
        };
    List<short[]> spoken = new ArrayList<>();
    AudioSink speaker =
        frame -> {
          log.add("speaker " + frame[0]);
          spoken.add(frame);
        };

    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    assertThat(chain.capture(mic).read(frame)).isTrue();
    short[] played = frameOf(7);
    chain.playout(speaker).write(played);

    assertThat(frame).containsOnly((short) 111);
    assertThat(log)
        .containsExactly(
            "mic",
            "first.process 1",
            "second.process 11",
            "first.farEnd 7",
            "second.farEnd 7",
            "speaker 7");
    assertThat(first.farEnd).singleElement().isEqualTo(played);
    assertThat(spoken).singleElement().isSameAs(played);
    chain.close();
    assertThat(first.closed && second.closed).isTrue();
  }

  @Test
  void anEndedSourceIsStillProcessedAndReportsItsEnd() {
    Offset gain = new Offset("gain", 5);
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    assertThat(ProcessingChain.of(gain).capture(AudioSource.silence()).read(frame)).isFalse();
    assertThat(frame).containsOnly((short) 5);
  }

  @Test
  void factoriesMakeFreshProcessorsForEachChain() {
    List<Offset> made = new ArrayList<>();
    Supplier<AudioProcessor> factory =
        () -> {
          Offset p = new Offset("p" + made.size(), 1);
          made.add(p);
          return p;
        };
    ProcessingChain one = ProcessingChain.of(List.of(factory));
    ProcessingChain two = ProcessingChain.of(List.of(factory));
    assertThat(made).hasSize(2);
    assertThat(one.isEmpty() || two.isEmpty()).isFalse();
  }

  @Test
  void anEmptyChainHandsBackTheSourceAndSinkThemselves() {
    AudioSource mic = AudioSource.silence();
    AudioSink speaker = frame -> {};
    ProcessingChain empty = ProcessingChain.of(List.of());
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.capture(mic)).isSameAs(mic);
    assertThat(empty.playout(speaker)).isSameAs(speaker);
    assertThat(ProcessingChain.of()).isSameAs(empty);
  }
}
