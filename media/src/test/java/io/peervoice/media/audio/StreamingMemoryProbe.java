package io.peervoice.media.audio;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Plays a long call through the streaming file classes as fast as it can, in a JVM of its own with
 * a small heap, and prints the heap in use after a full GC each simulated minute: {@code main(dir,
 * minutes, rate)} writes a {@code minutes}-long WAV at {@code rate} Hz with {@link
 * WavStreamWriter}, then plays it with {@link WavStreamSource} into a second {@link
 * WavStreamWriter} (the recording) with an {@link EnvelopeMeter} on each side, as a call with
 * {@code --play} and {@code --record} does. The last line is {@code heap baseline=B max=M growth=G
 * bytes correlation=C}. With {@code whole} as a fourth argument it does the same the old way (whole
 * file in memory, an hour's recorder), for comparison.
 */
public final class StreamingMemoryProbe {
  private static final int FRAMES_PER_MINUTE = 60 * 1000 / PcmFormat.FRAME_MILLIS;

  private StreamingMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int minutes = Integer.parseInt(args[1]);
    int rate = Integer.parseInt(args[2]);
    Path played = dir.resolve("played.wav");
    writeInput(played, minutes, rate);
    if (args.length > 3 && args[3].equals("whole")) {
      PcmClip clip = WavFile.readAs48k(played);
      PcmRecorder recorder = new PcmRecorder(3_600);
      System.out.println("loaded " + clip.samples().length + " samples into " + recorder);
      return;
    }
    EnvelopeMeter playedMeter = EnvelopeMeter.at48k();
    EnvelopeMeter heardMeter = EnvelopeMeter.at48k();
    long baseline = -1;
    long max = 0;
    long frames = 0;
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    try (WavStreamSource source = WavStreamSource.open(played).meteredBy(playedMeter);
        WavStreamWriter recording = WavStreamWriter.create(dir.resolve("heard.wav"))) {
      while (source.read(frame)) {
        recording.write(frame);
        heardMeter.write(frame);
        if (++frames % FRAMES_PER_MINUTE == 0) {
          long used = heapAfterGc();
          baseline = baseline < 0 ? used : baseline;
          max = Math.max(max, used);
          System.out.printf("minute %d heap %d%n", frames / FRAMES_PER_MINUTE, used);
        }
      }
    }
    double correlation = EnvelopeSimilarity.compare(playedMeter, heardMeter, 2_000).correlation();
    System.out.printf(
        Locale.ROOT,
        "heap baseline=%d max=%d growth=%d bytes correlation=%.4f recorded=%d%n",
        baseline,
        max,
        max - baseline,
        correlation,
        Files.size(dir.resolve("heard.wav")));
  }

  /** A speech-like signal: a one-second pattern whose loudness changes every second. */
  private static void writeInput(Path file, int minutes, int rate) throws Exception {
    short[] second = TestWav.audio(rate, 1, 7);
    short[] scaled = new short[rate];
    try (WavStreamWriter writer = WavStreamWriter.create(file, rate, Duration.ofSeconds(1))) {
      for (int s = 0; s < minutes * 60; s++) {
        double gain = 0.1 + 0.9 * ((s * 7919) % 13) / 12.0;
        for (int i = 0; i < rate; i++) {
          scaled[i] = (short) (second[i] * gain);
        }
        writer.write(scaled);
      }
    }
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
