package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineSelectorTest {

  /** A loader that cannot load, as webrtc-java without libpulse.so.0. */
  private static final class Broken implements EngineLoader {
    final AtomicInteger opened = new AtomicInteger();

    @Override
    public ProcessingEngine engine() {
      return ProcessingEngine.WEBRTC_AEC3;
    }

    @Override
    public EngineAvailability probe() {
      return new EngineAvailability(
          engine(),
          false,
          "UnsatisfiedLinkError: libpulse.so.0: cannot open shared object file"
              + " (Debian: apt-get install libpulse0)");
    }

    @Override
    public AudioProcessor open(AudioProcessing settings) {
      opened.incrementAndGet();
      throw new AssertionError("never opened when its probe failed");
    }
  }

  /** A loader that works: pass-through frames, labelled as speexdsp. */
  private static final class Working implements EngineLoader {
    @Override
    public ProcessingEngine engine() {
      return ProcessingEngine.SPEEXDSP;
    }

    @Override
    public EngineAvailability probe() {
      return new EngineAvailability(engine(), true, "libspeexdsp test");
    }

    @Override
    public AudioProcessor open(AudioProcessing settings) {
      PassThroughProcessor frames = new PassThroughProcessor();
      return new AudioProcessor() {
        @Override
        public void render(short[] farEnd10ms) {
          frames.render(farEnd10ms);
        }

        @Override
        public void capture(short[] near10ms) {
          frames.capture(near10ms);
        }

        @Override
        public ProcessingEngine engine() {
          return ProcessingEngine.SPEEXDSP;
        }

        @Override
        public io.peervoice.media.processing.ProcessingStats stats() {
          return frames.stats();
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void theFallbackIsChosenWhenAec3CannotLoadAndDoctorSaysWhy() {
    Broken broken = new Broken();
    EngineSelector selector = new EngineSelector(List.of(broken, new Working()));
    try (AudioProcessor p = selector.open(AudioProcessing.defaults())) {
      assertThat(p.engine()).isEqualTo(ProcessingEngine.SPEEXDSP);
    }
    assertThat(broken.opened).hasValue(0);
    assertThat(selector.availability())
        .isEqualTo(
            "speexdsp (libspeexdsp test); not used: webrtc-aec3: UnsatisfiedLinkError:"
                + " libpulse.so.0: cannot open shared object file"
                + " (Debian: apt-get install libpulse0)");
  }

  /**
   * Doctor names the engines after the one in use too, loadable or not, as {@code --aec-engine} can
   * choose them (before S10 it named only the one in use and the ones before it).
   */
  @Test
  void doctorSaysWhetherTheAlternativesLoad() {
    EngineSelector selector =
        new EngineSelector(List.of(new LongTailLoader(), new Broken(), new Working()));
    assertThat(selector.availability())
        .startsWith("peervoice-aec (")
        .contains("; alternatives: webrtc-aec3: not loadable, UnsatisfiedLinkError: libpulse.so.0")
        .endsWith("; speexdsp (libspeexdsp test)");
  }

  @Test
  void withTheRealSpeexLoaderBehindABrokenAec3TheRealFallbackRuns() {
    SpeexDspLoader speex = new SpeexDspLoader();
    org.junit.jupiter.api.Assumptions.assumeTrue(speex.probe().available(), "libspeexdsp1 here");
    EngineSelector selector = new EngineSelector(List.of(new Broken(), speex));
    try (AudioProcessor p = selector.open(AudioProcessing.defaults())) {
      assertThat(p.engine()).isEqualTo(ProcessingEngine.SPEEXDSP);
      short[] block = new short[AudioProcessor.BLOCK_SAMPLES];
      p.render(block);
      p.capture(block);
      assertThat(p.stats().captureBlocks()).isEqualTo(1);
    }
  }

  /** The settings' engine goes first, ahead of the usual order; a broken choice falls back. */
  @Test
  void theChosenEngineGoesFirstAndABrokenChoiceFallsBack() {
    EngineSelector selector = new EngineSelector(List.of(new LongTailLoader(), new Working()));
    AudioProcessing settings = AudioProcessing.defaults();
    try (AudioProcessor p = selector.open(settings)) {
      assertThat(p.engine()).isEqualTo(ProcessingEngine.PEERVOICE_AEC);
    }
    try (AudioProcessor p = selector.open(settings.withEngine(ProcessingEngine.SPEEXDSP))) {
      assertThat(p.engine()).isEqualTo(ProcessingEngine.SPEEXDSP);
    }
    EngineSelector broken = new EngineSelector(List.of(new Broken(), new Working()));
    try (AudioProcessor p = broken.open(settings.withEngine(ProcessingEngine.WEBRTC_AEC3))) {
      assertThat(p.engine()).isEqualTo(ProcessingEngine.SPEEXDSP);
    }
  }

  @Test
  void nothingLoadableMeansNoProcessingAndSaysSo() {
    EngineSelector selector = new EngineSelector(List.of(new Broken()));
    try (AudioProcessor p = selector.open(AudioProcessing.defaults())) {
      assertThat(p.engine()).isEqualTo(ProcessingEngine.NONE);
    }
    assertThat(selector.availability())
        .startsWith("none: captured audio is sent unprocessed (webrtc-aec3: UnsatisfiedLinkError");
  }

  @Test
  void settingsWithNothingOnNeedNoEngine() {
    Broken broken = new Broken();
    EngineSelector selector = new EngineSelector(List.of(broken, new Working()));
    try (AudioProcessor p = selector.open(AudioProcessing.off())) {
      assertThat(p.engine()).isEqualTo(ProcessingEngine.NONE);
    }
  }

  @Test
  void anExactEngineThatCannotLoadFailsWithTheReason() {
    EngineSelector selector = new EngineSelector(List.of(new Broken(), new Working()));
    assertThatThrownBy(
            () -> selector.open(AudioProcessing.defaults(), ProcessingEngine.WEBRTC_AEC3))
        .isInstanceOf(AudioProcessingException.class)
        .hasMessageStartingWith("webrtc-aec3 cannot load: UnsatisfiedLinkError: libpulse.so.0");
  }

  @Test
  void blocksAreTenMillisecondsAndAClosedProcessorLeavesFramesAlone() {
    for (EngineLoader loader : List.of(new WebRtcLoader(), new SpeexDspLoader())) {
      if (!loader.probe().available()) {
        continue;
      }
      AudioProcessor p = loader.open(AudioProcessing.defaults());
      assertThatThrownBy(() -> p.capture(new short[960]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("480 samples");
      p.close();
      p.close();
      short[] block = new short[AudioProcessor.BLOCK_SAMPLES];
      block[0] = 1234;
      p.render(block);
      p.capture(block);
      assertThat(block[0]).isEqualTo((short) 1234);
    }
  }
}
