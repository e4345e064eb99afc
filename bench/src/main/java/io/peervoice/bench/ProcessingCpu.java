package io.peervoice.bench;

import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessors;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.NoiseSuppression;
import io.peervoice.media.processing.ProcessingStage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU of one call's audio processing stage: each engine that loads, everything on and then each
 * part alone (echo cancellation, noise suppression, gain control, high-pass), 48 kHz, driven as a
 * call drives it (a 20 ms frame of playout as reference, then a 20 ms microphone frame that carries
 * its echo 60 ms later, each as two 10 ms blocks), paced in real time so caches are as cold as in a
 * call; the figure is this thread's CPU time over the audio's duration. Each measurement first runs
 * {@value #WARM_UP_SECONDS} s of the same settings unmeasured and unpaced (a Java engine's code is
 * compiled by then, as in any call after the first seconds of the first one). Run: {@code java -cp
 * bench/target/benchmarks.jar io.peervoice.bench.ProcessingCpu [seconds] [unpaced]}.
 */
public final class ProcessingCpu {
  private static final int PART_SECONDS = 10;
  private static final int WARM_UP_SECONDS = 60;

  private ProcessingCpu() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    boolean paced = args.length < 2 || !args[1].equals("unpaced");
    short[] speech = SpeechSample.load().resampledTo48k().samples();
    for (EngineAvailability engine : AudioProcessors.engines()) {
      if (!engine.available()) {
        System.out.println(engine.engine().label() + ": cannot load: " + engine.detail());
        continue;
      }
      double pct = measure(engine, AudioProcessing.defaults(), speech, seconds, paced);
      AudioProcessing off = AudioProcessing.off();
      double aec = measure(engine, off.withEchoCancellation(true), speech, PART_SECONDS, paced);
      double ns =
          measure(
              engine,
              off.withNoiseSuppression(NoiseSuppression.MODERATE),
              speech,
              PART_SECONDS,
              paced);
      double agc = measure(engine, off.withGainControl(true), speech, PART_SECONDS, paced);
      double hpf = measure(engine, off.withHighPass(true), speech, PART_SECONDS, paced);
      System.out.printf(
          Locale.ROOT,
          "%s (%s): %.2f%% of a core per call, everything on (%s); alone (%d s each): AEC %.2f%%,"
              + " NS %.2f%%, AGC %.2f%%, high-pass %.2f%%%n",
          engine.engine().label(),
          paced ? "paced in real time" : "unpaced",
          pct,
          AudioProcessing.defaults().describe(),
          PART_SECONDS,
          aec,
          ns,
          agc,
          hpf);
    }
  }

  private static double measure(
      EngineAvailability engine,
      AudioProcessing settings,
      short[] speech,
      int seconds,
      boolean paced) {
    run(engine, settings, speech, WARM_UP_SECONDS, false);
    return run(engine, settings, speech, seconds, paced);
  }

  private static double run(
      EngineAvailability engine,
      AudioProcessing settings,
      short[] speech,
      int seconds,
      boolean paced) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int frames = seconds * 1000 / PcmFormat.FRAME_MILLIS;
    int echoSamples = PcmFormat.SAMPLE_RATE * 60 / 1000;
    short[] far = new short[PcmFormat.FRAME_SAMPLES];
    short[] mic = new short[PcmFormat.FRAME_SAMPLES];
    long cpu = 0;
    try (var processor = AudioProcessors.open(settings, engine.engine());
        var stage = new ProcessingStage(processor)) {
      long next = System.nanoTime();
      for (int f = 0; f < frames; f++) {
        int at = f * PcmFormat.FRAME_SAMPLES;
        for (int i = 0; i < far.length; i++) {
          far[i] = speech[(at + i) % speech.length];
          int echoAt = at + i - echoSamples;
          mic[i] = echoAt < 0 ? 0 : (short) (speech[echoAt % speech.length] / 2 + (i % 7) - 3);
        }
        long start = mx.getCurrentThreadCpuTime();
        stage.farEnd(far);
        stage.process(mic);
        cpu += mx.getCurrentThreadCpuTime() - start;
        if (paced) {
          next += PcmFormat.FRAME_MILLIS * 1_000_000L;
          LockSupport.parkNanos(next - System.nanoTime());
        }
      }
    }
    return 100.0 * cpu / (frames * PcmFormat.FRAME_MILLIS * 1_000_000.0);
  }
}
