package io.peervoice.session;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.srtp.SrtpProfile;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two media sessions of one call over loopback, started the way a call starts them: the callee
 * with the caller's description (the offer), the caller with the callee's (the answer).
 */
final class TwoSessions {
  private TwoSessions() {}

  /** Fresh preshared keys of the default profile; the callee's are their {@code peer()}. */
  static PresharedKeys keys() {
    return PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new SecureRandom());
  }

  /** Connects both (ICE only, no media yet); returns once both are connected. */
  static void connect(MediaSession caller, MediaSession callee) throws Exception {
    CompletableFuture.allOf(
            callee.connect(caller.localDescription()), caller.connect(callee.localDescription()))
        .get(30, TimeUnit.SECONDS);
  }

  /**
   * Starts both, the caller sending {@code callerSays} and the callee silence, each recording what
   * it hears; returns once the media of both runs.
   */
  static void start(MediaSession caller, AudioSource callerSays, MediaSession callee)
      throws Exception {
    CompletableFuture.allOf(
            callee.start(caller.localDescription(), AudioSource.silence(), new PcmRecorder(30)),
            caller.start(callee.localDescription(), callerSays, new PcmRecorder(30)))
        .get(30, TimeUnit.SECONDS);
  }

  /**
   * Starts both, the caller sending speech for as long as the call lasts and the callee silence.
   */
  static void talk(MediaSession caller, MediaSession callee) throws Exception {
    start(caller, LoopingSource.forever(SpeechSample.load()), callee);
  }
}
