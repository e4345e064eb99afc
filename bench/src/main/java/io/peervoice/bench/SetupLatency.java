package io.peervoice.bench;

import io.peervoice.demo.LocalCall;
import io.peervoice.demo.LocalCallReport;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.session.MediaSessionConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * End-to-end call set-up benchmark: places N short local calls (real ICE, SRTP, Opus) and prints
 * the distribution of answer → first audio and of ICE connect time. Run: {@code java -cp
 * bench/target/benchmarks.jar io.peervoice.bench.SetupLatency [N]}.
 */
public final class SetupLatency {

  private SetupLatency() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    PcmClip speech = SpeechSample.load();
    long[] firstAudio = new long[calls];
    long[] iceConnect = new long[calls];
    long received = 0;
    long sent = 0;
    ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1);
    try {
      MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
      for (int i = 0; i < calls; i++) {
        LocalCallReport r = LocalCall.run(config, speech, Duration.ofMillis(600));
        firstAudio[i] = r.answerToFirstAudioMillis();
        iceConnect[i] = r.callee().iceConnectMillis();
        received += r.receivedFrames();
        sent += r.sentFrames();
      }
    } finally {
      clock.shutdownNow();
    }
    System.out.printf(
        "%d calls: answer->first audio ms p50 %d p95 %d max %d; ICE connect ms p50 %d p95 %d;"
            + " frames received %.1f%%%n",
        calls,
        percentile(firstAudio, 50),
        percentile(firstAudio, 95),
        percentile(firstAudio, 100),
        percentile(iceConnect, 50),
        percentile(iceConnect, 95),
        100.0 * received / sent);
  }

  static long percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
