package io.peervoice.sdk;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.processing.ProcessingStats;
import io.peervoice.session.CallFailedException;
import io.peervoice.session.MediaSession;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallState;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one call's audio once its keys and path are ready (whatever keyed them): opens the devices
 * and the audio processing stage, starts the media session's audio, and reports the start or its
 * failure to the call. Split from {@link CallMediaSetup}. On the phone's signaling thread, except
 * {@link #silence(boolean)}, {@link #audio()} and {@link #processingStats()}.
 */
final class CallAudioStart {
  private static final Logger log = LoggerFactory.getLogger(Call.class);

  private final Phone phone;
  private final Call call;
  private final Supplier<CallFlow> flow;
  private final CallSupervisor supervisor;
  private final CallEvents events;
  private final CallProcessing processing;
  private volatile LegAudio audio; // S5 conf: routable into a conference; null before media

  CallAudioStart(
      Phone phone,
      Call call,
      Supplier<CallFlow> flow,
      CallSupervisor supervisor,
      CallEvents events) {
    this.phone = phone;
    this.call = call;
    this.flow = flow;
    this.supervisor = supervisor;
    this.events = events;
    this.processing = new CallProcessing(phone.config().audioProcessing());
  }

  /** The audio processing stage's figures (empty without one); any thread. */
  Optional<ProcessingStats> processingStats() {
    return processing.stats();
  }

  LegAudio audio() {
    return audio;
  }

  /** Sends silence instead of our audio, or stops; any thread. */
  void silence(boolean on) {
    Optional.ofNullable(audio).ifPresent(a -> a.silence(on));
  }

  void close() {
    processing.close();
  }

  /** Opens the devices and starts {@code media}'s audio (its keys and path are ready). */
  void start(MediaSession media) {
    try {
      AudioSource raw = phone.config().source().apply(call);
      processing.open(call.id(), raw);
      AudioSink sink = supervisor.devices().sink(phone.config().sink().apply(call));
      audio = LegAudio.through(processing, supervisor.devices().source(raw), sink);
    } catch (RuntimeException e) {
      supervisor.deviceFailedToOpen(e);
      return;
    }
    audio.silence(call.silent());
    log.debug("call {}: devices open; starting media", call.id());
    // the keys are agreed, so media starts at once; should the session still wait, carry on later
    audio.started(media);
    CompletableFuture<Void> started = media.startMedia(audio.source, audio.sink);
    boolean now = started.isDone();
    started.whenComplete(
        (ok, error) -> {
          if (now) {
            started(media, error);
          } else {
            phone.thread().later(call, () -> started(media, error));
          }
        });
  }

  private void started(MediaSession media, Throwable error) {
    if (call.state() == CallState.ENDED) {
      return;
    }
    if (error != null) {
      Throwable e = error.getCause() != null ? error.getCause() : error;
      log.warn(
          "call {}: {}",
          call.id(),
          e instanceof CallFailedException failed ? failed.userMessage() : e.toString());
      flow.get().mediaFailed();
      return;
    }
    supervisor.mediaStarted(media);
    // pushed by the receive stream when the first frame plays, however late that is
    media.onFirstAudio(
        () ->
            phone
                .thread()
                .later(
                    call,
                    () -> {
                      if (call.state() != CallState.ENDED) {
                        events.firstAudio();
                      }
                    }));
  }
}
