package io.peervoice.demo;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.jitter.AdaptiveJitterBufferStats;
import io.peervoice.media.stream.AudioReceiveStats;
import io.peervoice.nat.IceRole;
import io.peervoice.session.CallFailedException;
import io.peervoice.session.CallStep;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.session.PresharedKeys;
import io.peervoice.session.SessionDescription;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole call between two endpoints in this JVM, with the offer and answer exchanged in memory:
 * gather → offer → answer → ICE → Opus/RTP/SRTP both ways for the given time → hang-up. The caller
 * plays {@code speech}; the callee plays silence and records what it hears. Both directions' SRTP
 * keys are fresh, random and given to both sides in advance ({@link PresharedKeys}).
 */
public final class LocalCall {
  private static final Duration DRAIN = Duration.ofMillis(500);

  private LocalCall() {}

  /**
   * Places the call and blocks until it ends.
   *
   * @param duration how long the caller sends
   * @throws CallFailedException naming the step that failed
   */
  public static LocalCallReport run(MediaSessionConfig config, PcmClip speech, Duration duration)
      throws CallFailedException, InterruptedException {
    int frames = (int) Math.max(1, duration.toMillis() / PcmFormat.FRAME_MILLIS);
    PcmRecorder heard = new PcmRecorder((int) duration.toSeconds() + 5);
    PresharedKeys keys = keys(config);
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      SessionDescription offer = caller.localDescription();
      SessionDescription answer = callee.localDescription();
      long answeredAt = config.nanoClock().getAsLong();
      CompletableFuture<Void> sentAll = new CompletableFuture<>();
      CompletableFuture<Void> calleeUp = callee.start(offer, AudioSource.silence(), heard);
      CompletableFuture<Void> callerUp =
          caller.start(answer, countingSource(speech.asSource(), frames, sentAll), frame -> {});
      await(CompletableFuture.allOf(calleeUp, callerUp), Duration.ofMinutes(1), CallStep.ICE);
      await(sentAll, duration.plusSeconds(10), CallStep.MEDIA);
      caller.stopSending();
      awaitPlayedOut(config, caller, callee);
      MediaSessionStats callerStats = caller.stats();
      MediaSessionStats calleeStats = callee.stats();
      if (calleeStats.firstAudioNanos() < 0) {
        throw new CallFailedException(
            CallStep.AUDIO,
            "connected, but the callee played no audio (%d packets arrived, %d rejected by SRTP)"
                .formatted(
                    calleeStats.receive().packetsReceived(),
                    calleeStats.receive().srtpRejectedTotal()),
            null);
      }
      return new LocalCallReport(
          TimeUnit.NANOSECONDS.toMillis(calleeStats.firstAudioNanos() - answeredAt),
          callerStats,
          calleeStats,
          OpusCodec.libraryVersion(),
          heard.clip());
    }
  }

  /** Fresh keys of the configured profile, one per direction: the caller's side of them. */
  static PresharedKeys keys(MediaSessionConfig config) {
    return PresharedKeys.random(config.srtpProfile(), config.random());
  }

  /** Lets the callee play out what is still in flight or buffered, up to {@link #DRAIN}. */
  private static void awaitPlayedOut(
      MediaSessionConfig config, MediaSession caller, MediaSession callee)
      throws InterruptedException {
    CompletableFuture<Void> drained = new CompletableFuture<>();
    ScheduledFuture<?> poll =
        config
            .mediaClock()
            .scheduleAtFixedRate(
                () -> {
                  AudioReceiveStats rx = callee.stats().receive();
                  AdaptiveJitterBufferStats jb = rx.playout().buffer();
                  long accounted = rx.framesDecoded() + jb.lostFrames() + jb.fecFrames();
                  if (accounted >= caller.stats().send().framesSent()) {
                    drained.complete(null);
                  }
                },
                PcmFormat.FRAME_MILLIS,
                PcmFormat.FRAME_MILLIS,
                TimeUnit.MILLISECONDS);
    try {
      drained.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // whatever has not arrived by now counts as lost
    } finally {
      poll.cancel(false);
    }
  }

  private static AudioSource countingSource(
      AudioSource source, int frames, CompletableFuture<Void> done) {
    AtomicInteger count = new AtomicInteger();
    return frame -> {
      boolean more = source.read(frame);
      if (count.incrementAndGet() >= frames) {
        done.complete(null);
      }
      return more;
    };
  }

  private static void await(CompletableFuture<?> future, Duration limit, CallStep step)
      throws CallFailedException, InterruptedException {
    try {
      future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
      if (cause instanceof CallFailedException failed) {
        throw failed;
      }
      throw new CallFailedException(step, String.valueOf(cause), cause);
    } catch (TimeoutException e) {
      throw new CallFailedException(step, "no progress within " + limit.toSeconds() + " s", e);
    }
  }
}
