package io.peervoice.media.processing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each engine that loads here cancels a synthetic echo: far-end speech played into a small room (60
 * ms device + air delay, a decaying 50 ms tail, -6 dB), captured with a little noise, in real-time
 * 10 ms blocks with the reference handed over just before each capture block. ERLE is measured on
 * the signals themselves (microphone power over output power) over the last 4 s.
 */
class EchoCancellationTest {

  @ParameterizedTest
  @EnumSource(
      value = ProcessingEngine.class,
      names = {"PEERVOICE_AEC", "WEBRTC_AEC3", "SPEEXDSP"})
  void cancelsASyntheticEchoByAMeasuredErle(ProcessingEngine engine) {
    Signals.requireEngine(engine);
    double seconds = 12;
    double[] far = Signals.speech(seconds);
    double[] mic =
        Signals.mix(
            Signals.convolve(far, Signals.echoPath(60, 50, -6, 7)),
            Signals.noise(far.length, 3),
            40);
    AudioProcessing aecOnly = AudioProcessing.off().withEchoCancellation(true);
    int blocks = far.length / Signals.BLOCK;
    double[] out = new double[blocks * Signals.BLOCK];
    ProcessingStats stats;
    try (AudioProcessor processor = AudioProcessors.open(aecOnly, engine)) {
      assertThat(processor.engine()).isEqualTo(engine);
      for (int b = 0; b < blocks; b++) {
        processor.render(Signals.block(far, b));
        short[] near = Signals.block(mic, b);
        processor.capture(near);
        for (int i = 0; i < near.length; i++) {
          out[b * Signals.BLOCK + i] = near[i];
        }
      }
      stats = processor.stats();
    }
    int from = (int) ((seconds - 4) * Signals.RATE);
    double erle =
        10
            * Math.log10(
                Signals.power(mic, from, out.length) / Signals.power(out, from, out.length));
    System.out.printf("%s: measured ERLE %.1f dB; reported %s%n", engine, erle, stats);
    assertThat(erle).isGreaterThanOrEqualTo(engine == ProcessingEngine.SPEEXDSP ? 15 : 30);
    assertThat(stats.captureBlocks()).isEqualTo(blocks);
    assertThat(stats.renderBlocks()).isEqualTo(blocks);
    assertThat(stats.hasErle()).isTrue();
    assertThat(stats.echoDelayMs()).isBetween(50, 80);
  }
}
