package io.peervoice.bench;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.nat.IceRole;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.PresharedKeys;
import io.peervoice.session.SessionDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * ICE restart benchmark: places a call, restarts ICE N times, and reports how long the restart took
 * and the longest stretch without a decoded frame at the callee around each switch. Run: {@code
 * java -cp bench/target/benchmarks.jar io.peervoice.bench.RestartLatency [N]}.
 */
public final class RestartLatency {

  private RestartLatency() {}

  public static void main(String[] args) throws Exception {
    int restarts = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(2);
    MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
    List<Long> restartMillis = new ArrayList<>();
    List<Long> gapMillis = new ArrayList<>();
    PresharedKeys keys = PresharedKeys.random(config.srtpProfile(), config.random());
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      CompletableFuture.allOf(
              callee.start(caller.localDescription(), AudioSource.silence(), new PcmRecorder(120)),
              caller.start(
                  callee.localDescription(),
                  LoopingSource.forever(SpeechSample.load()),
                  new PcmRecorder(120)))
          .get(30, TimeUnit.SECONDS);
      long[] last = {System.nanoTime(), 0};
      long[] longestGap = {0};
      ScheduledFuture<?> watch =
          clock.scheduleAtFixedRate(
              () -> {
                long decoded = callee.stats().receive().framesDecoded();
                long now = System.nanoTime();
                if (decoded > last[1]) {
                  last[1] = decoded;
                  last[0] = now;
                } else {
                  longestGap[0] = Math.max(longestGap[0], now - last[0]);
                }
              },
              5,
              5,
              TimeUnit.MILLISECONDS);
      for (int i = 0; i < restarts; i++) {
        waitFrames(callee, 50);
        longestGap[0] = 0;
        long start = System.nanoTime();
        SessionDescription offer = caller.prepareIceRestart();
        SessionDescription answer = callee.prepareIceRestart();
        CompletableFuture.allOf(callee.completeIceRestart(offer), caller.completeIceRestart(answer))
            .get(30, TimeUnit.SECONDS);
        restartMillis.add((System.nanoTime() - start) / 1_000_000);
        waitFrames(callee, 50);
        gapMillis.add(longestGap[0] / 1_000_000);
      }
      watch.cancel(false);
    } finally {
      clock.shutdownNow();
    }
    System.out.printf(
        "%d ICE restarts: restart took %s ms; longest gap in decoded audio around each switch %s ms%n",
        restarts, restartMillis, gapMillis);
  }

  private static void waitFrames(MediaSession callee, long frames) throws InterruptedException {
    long target = callee.stats().receive().framesDecoded() + frames;
    CompletableFuture<Void> done = new CompletableFuture<>();
    ScheduledThreadPoolExecutor poll = new ScheduledThreadPoolExecutor(1);
    try {
      poll.scheduleAtFixedRate(
          () -> {
            if (callee.stats().receive().framesDecoded() >= target) {
              done.complete(null);
            }
          },
          10,
          10,
          TimeUnit.MILLISECONDS);
      done.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("audio did not flow", e);
    } finally {
      poll.shutdownNow();
    }
  }
}
