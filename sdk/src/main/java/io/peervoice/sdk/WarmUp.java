package io.peervoice.sdk;

import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceRole;
import io.peervoice.session.CallFailedException;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.SrtpKeying;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallKeys;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone's warm-up, in the background at start: one ICE agent's set-up, a key agreement, and a few
 * frames through the codec and each SRTP profile. First use of the JCE ciphers, the natives and the
 * JIT's first compiles would otherwise cost a few hundred milliseconds between the first call's
 * answer and its audio.
 */
final class WarmUp {
  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  /**
   * Frames through the codec and each SRTP profile: enough to run every path once (natives loaded,
   * ciphers initialised), few enough not to compete long with a first call that overlaps the
   * warm-up (the command line dials once attached); the JIT then compiles on the call's own frames.
   */
  static final int FRAMES_PER_PROFILE = 25;

  private WarmUp() {}

  /** Runs the warm-up on a daemon thread of its own, completing {@code done} after it. */
  static void start(
      MediaSessionConfig media,
      PhoneConfig config,
      SecureRandom random,
      PeerId me,
      CompletableFuture<Void> setUpDone,
      CompletableFuture<Void> done) {
    Thread warm =
        new Thread(
            () -> {
              try {
                run(media, config, random, me, () -> setUpDone.complete(null));
              } catch (RuntimeException | Error e) {
                log.warn("warm-up failed; the first call may set up slower", e);
              } finally {
                // attached() and ready() must not wait for ever on a failed warm-up
                setUpDone.complete(null);
                done.complete(null);
              }
            },
            "peervoice-warm-up");
    warm.setDaemon(true);
    warm.start();
  }

  /**
   * First what a call's set-up needs (an ICE agent: ice4j's configuration and classes, the first
   * agent's start; a key agreement), then {@code setUpDone}, then the media path (codec and SRTP),
   * which a call needs only once it is answered.
   */
  static void run(
      MediaSessionConfig media,
      PhoneConfig config,
      SecureRandom random,
      PeerId me,
      Runnable setUpDone) {
    try (MediaSession probe =
        MediaSession.create(media, IceRole.CONTROLLING, SrtpKeying.agreed())) {
      CallKeys a = CallKeys.generate(random);
      CallKeys b = CallKeys.generate(random);
      a.derive(
          b.share(),
          new CallId(0, 0),
          me,
          me,
          a.share(),
          b.share(),
          new byte[1],
          new byte[1],
          "warm-up",
          30);
      log.debug("call set-up warmed up: {}", probe.localDescription().ice().candidates().size());
    } catch (CallFailedException | RuntimeException e) {
      log.debug("warm-up failed: {}", e.toString());
    }
    setUpDone.run();
    mediaPath(config, random);
    log.debug("media warmed up");
  }

  private static void mediaPath(PhoneConfig config, SecureRandom random) {
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    try (var encoder = OpusCodec.encoder(config.opus());
        var decoder = OpusCodec.decoder()) {
      for (SrtpProfile p : config.srtpProfiles()) {
        SrtpKeyMaterial keys = SrtpKeyMaterial.random(p, random);
        try (var sender = Srtp.sender(keys);
            var receiver = Srtp.receiver(keys)) {
          for (int i = 0; i < FRAMES_PER_PROFILE; i++) {
            byte[] payload = encoder.encode(frame);
            byte[] rtp = new byte[12 + payload.length];
            rtp[0] = (byte) 0x80;
            rtp[1] = 111;
            rtp[2] = (byte) (i >> 8);
            rtp[3] = (byte) i;
            rtp[11] = 1;
            System.arraycopy(payload, 0, rtp, 12, payload.length);
            byte[] srtp = sender.protect(rtp, 0, rtp.length);
            receiver.unprotect(srtp, 0, srtp.length);
            decoder.decode(payload);
          }
        }
      }
    }
  }
}
