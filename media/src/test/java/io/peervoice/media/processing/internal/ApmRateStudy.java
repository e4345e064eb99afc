package io.peervoice.media.processing.internal;

import dev.onvoid.webrtc.media.audio.AudioProcessing;
import dev.onvoid.webrtc.media.audio.AudioProcessingConfig;
import dev.onvoid.webrtc.media.audio.AudioProcessingStreamConfig;
import dev.onvoid.webrtc.media.audio.AudioResampler;
import io.peervoice.media.audio.SpeechSample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Not a test: a study of what WebRTC's audio processing module costs at each processing rate, for
 * docs/audio-processing.md. For 16, 32 and 48 kHz and each part alone and together, the module is
 * driven unpaced with speech (render, then capture with its echo 60 ms later, 10 ms blocks) two
 * ways: fed at that rate directly, and fed 48 kHz with its output at that rate (so it processes at
 * that rate and resamples itself) and resampled back to 48 kHz by WebRTC's resampler, as a call on
 * 48 kHz devices would have to. Prints this thread's CPU time over the audio's duration. Run:
 * {@code java -cp media/target/test-classes:media/target/classes:<deps>
 * io.peervoice.media.processing.internal.ApmRateStudy [seconds]}.
 */
final class ApmRateStudy {
  private static final String[] PARTS = {"none", "hpf", "ns", "agc", "aec", "aec,ns,hpf,agc"};

  private ApmRateStudy() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    short[] speech = SpeechSample.load().resampledTo48k().samples();
    new WebRtcLoader().probe();
    for (int rate : new int[] {16_000, 32_000, 48_000}) {
      StringBuilder direct = new StringBuilder();
      StringBuilder from48k = new StringBuilder();
      for (String parts : PARTS) {
        direct.append(
            String.format(
                Locale.ROOT, " %s %.3f%%", parts, run(speech, rate, rate, parts, seconds)));
        from48k.append(
            String.format(
                Locale.ROOT, " %s %.3f%%", parts, run(speech, 48_000, rate, parts, seconds)));
      }
      System.out.printf("%d Hz, fed at that rate:%s%n", rate, direct);
      System.out.printf("%d Hz, fed 48 kHz, resampled back:%s%n", rate, from48k);
    }
  }

  private static double run(short[] speech, int inRate, int rate, String parts, int seconds) {
    AudioProcessing apm = new AudioProcessing();
    AudioProcessingConfig config = new AudioProcessingConfig();
    config.echoCanceller.enabled = parts.contains("aec");
    config.echoCanceller.enforceHighPassFiltering = parts.contains("hpf");
    config.noiseSuppression.enabled = parts.contains("ns");
    config.noiseSuppression.level = AudioProcessingConfig.NoiseSuppression.Level.MODERATE;
    config.gainControl.enabled = parts.contains("agc");
    config.gainControl.adaptiveDigital.enabled = parts.contains("agc");
    config.highPassFilter.enabled = parts.contains("hpf");
    apm.applyConfig(config);
    AudioProcessingStreamConfig in = new AudioProcessingStreamConfig(inRate, 1);
    AudioProcessingStreamConfig out = new AudioProcessingStreamConfig(rate, 1);
    AudioResampler back = inRate == rate ? null : new AudioResampler(rate, inRate, 1);
    int n = inRate / 100;
    int step = 48_000 / inRate;
    int m = rate / 100;
    byte[] far = new byte[n * 2];
    byte[] mic = new byte[n * 2];
    byte[] farOut = new byte[m * 2];
    byte[] micOut = new byte[m * 2];
    byte[] resampled = new byte[n * 2];
    int echo = 48_000 * 60 / 1000;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu = 0;
    int blocks = seconds * 100;
    for (int b = -300; b < blocks; b++) {
      long at = (long) (b + 300) * 480;
      for (int i = 0; i < n; i++) {
        long s = at + (long) i * step;
        short f = speech[(int) (s % speech.length)];
        short e = s < echo ? 0 : (short) (speech[(int) ((s - echo) % speech.length)] / 2);
        far[2 * i] = (byte) f;
        far[2 * i + 1] = (byte) (f >> 8);
        mic[2 * i] = (byte) e;
        mic[2 * i + 1] = (byte) (e >> 8);
      }
      long start = mx.getCurrentThreadCpuTime();
      apm.processReverseStream(far, in, out, farOut);
      apm.processStream(mic, in, out, micOut);
      if (back != null) {
        back.resample(micOut, m, resampled, n, 1);
      }
      if (b >= 0) {
        cpu += mx.getCurrentThreadCpuTime() - start;
      }
    }
    apm.dispose();
    if (back != null) {
      back.dispose();
    }
    return 100.0 * cpu / (blocks * 10e6);
  }
}
