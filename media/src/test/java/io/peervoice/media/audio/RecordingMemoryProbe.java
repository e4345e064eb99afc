package io.peervoice.media.audio;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Records calls both ways ({@link CallRecording#bothWays}, as {@code listen --record-both} does:
 * one file per call) on a fake clock, as fast as it can, in a JVM of its own with a small heap:
 * {@code main(dir, minutes)} runs a {@code minutes}-long call and then two one-minute calls. The
 * clock advances in 1 ms steps; our source is read on the 20 ms grid, the peer's audio is played
 * out 7 ms later on its own grid, starting 300 ms into each call and pausing for 5 s ten minutes
 * in. It prints the heap in use after a full GC each simulated minute, checks each file's header
 * against the file when its call ends (and the first file again while the second call records), and
 * ends with {@code heap baseline=B max=M growth=G bytes}. Any failed check exits non-zero.
 */
public final class RecordingMemoryProbe {
  private static final long MINUTE_MS = 60_000;

  private RecordingMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int minutes = Integer.parseInt(args[1]);
    long[] heap = {-1, 0};
    long[] lengths = {minutes, 1, 1};
    Path first = null;
    long firstFrames = 0;
    for (int call = 1; call <= lengths.length; call++) {
      Path file = dir.resolve(call == 1 ? "call.wav" : "call-" + call + ".wav");
      long sentFrames = record(file, lengths[call - 1] * MINUTE_MS, call == 1 ? heap : null);
      long frames = WavCheck.complete(file, 2);
      if (frames != sentFrames * PcmFormat.FRAME_SAMPLES) {
        throw new AssertionError(file + ": " + frames + " frames, sent " + sentFrames);
      }
      System.out.printf("call %d complete: %s, %d frames, header valid%n", call, file, frames);
      if (call == 1) {
        first = file;
        firstFrames = frames;
      } else if (WavCheck.complete(first, 2) != firstFrames) {
        throw new AssertionError(first + " changed while a later call recorded");
      }
    }
    System.out.printf(
        "heap baseline=%d max=%d growth=%d bytes%n", heap[0], heap[1], heap[1] - heap[0]);
  }

  /**
   * One call of {@code millis} on the fake clock.
   *
   * @param heap {baseline, max}, measured each minute when not null
   * @return frames sent
   */
  private static long record(Path file, long millis, long[] heap) throws Exception {
    short[] sent = new short[PcmFormat.FRAME_SAMPLES];
    short[] heard = new short[PcmFormat.FRAME_SAMPLES];
    long sentFrames = 0;
    long heardFrames = 0;
    try (CallRecording recording = CallRecording.bothWays(file)) {
      for (long t = 0; t < millis; t++) {
        if (t % 20 == 0) {
          Arrays.fill(sent, (short) (sentFrames % 1000));
          recording.sent(sent);
          sentFrames++;
        }
        boolean paused = t >= 10 * MINUTE_MS && t < 10 * MINUTE_MS + 5_000;
        if (t % 20 == 7 && t >= 300 && !paused) {
          Arrays.fill(heard, (short) -(heardFrames % 1000));
          recording.heard(heard);
          heardFrames++;
        }
        if (heap != null && t > 0 && t % MINUTE_MS == 0) {
          long used = heapAfterGc();
          heap[0] = heap[0] < 0 ? used : heap[0];
          heap[1] = Math.max(heap[1], used);
          System.out.printf("minute %d heap %d%n", t / MINUTE_MS, used);
        }
      }
    }
    return sentFrames;
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
