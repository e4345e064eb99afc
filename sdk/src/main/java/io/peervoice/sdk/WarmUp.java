package io.peervoice.sdk;

import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.session.CallFailedException;
import io.peervoice.session.MediaDescription;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.MediaWarmUp;
import io.peervoice.session.SrtpKeying;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.SignalingWarmUp;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallKeys;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone's warm-up, in the background at start: a call's ICE and direct path in-process ({@link
 * PathWarmUp}), a key agreement, the signalling path of a call on dummy messages ({@link
 * SignalingWarmUp}), and a few frames through a call's media stages for each SRTP profile ({@link
 * MediaWarmUp}). First use of the JCE ciphers, the natives and the JIT's first compiles would
 * otherwise cost a few hundred milliseconds between the first call's answer and its audio. The DTLS
 * warm-up waits for the first WebRTC call ({@link WebWarmUp}).
 */
final class WarmUp {
  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  /**
   * Frames each way through a call's media stages with the phone's first SRTP profile (the one its
   * calls use with a peer of the same defaults): enough to run every path a few times (natives
   * loaded, ciphers initialised), few enough not to compete long with a first call that overlaps
   * the warm-up (the command line dials once attached; each frame is two encodes and two decodes);
   * the JIT then compiles on the call's own frames.
   */
  static final int FRAMES_FIRST_PROFILE = 10;

  /** Frames each way with each other SRTP profile: its contexts made and used once. */
  static final int FRAMES_OTHER_PROFILES = 2;

  /**
   * Rounds of the signalling path on dummy messages ({@link SignalingWarmUp}): a lookup's record,
   * an invite and a ringing reply each way. A few are enough for the interpreter's profiles and the
   * first compiles; each costs a few milliseconds once warm.
   */
  static final int SIGNALING_ROUNDS = 3;

  /** About the size of a phone's media description with a few candidates. */
  private static final int SAMPLE_DESCRIPTION_BYTES = 240;

  private WarmUp() {}

  /**
   * Runs the warm-up on two daemon threads of their own: the ICE agent and key agreement on one,
   * the signalling path ({@link SignalingWarmUp}) then the media path on the other, so that on a
   * machine with two cores or more neither costs the phone's readiness time of its own. The
   * signalling path is the shorter (tens of milliseconds against hundreds for ICE's), so the media
   * path runs beside ICE's warm-up instead of after it, when the command line dials (once {@code
   * setUpDone}) and its frames competed for the CPU with the first call's set-up (S8: dial to
   * ringing from a fresh `call` process). {@code setUpDone} completes once the call set-up part of
   * both is done, {@code done} once all is.
   */
  static void start(
      MediaSessionConfig media,
      PhoneConfig config,
      SecureRandom random,
      PeerId me,
      CompletableFuture<Void> setUpDone,
      CompletableFuture<Void> done) {
    inBackground(
        setUp -> run(media, random, me, setUp),
        setUp -> {
          prepareAndSignal(config, random);
          setUp.run();
          mediaPath(media, config);
        },
        setUpDone,
        done);
  }

  /**
   * Runs {@code ice} and {@code signalingAndMedia} each on a daemon thread of its own; each runs
   * its argument once its call set-up part is done. {@code setUpDone} completes once both set-up
   * parts are done, {@code done} once both tasks are; a task that fails is logged and counts as
   * done, so that {@link Phone#attached()} and {@link Phone#ready()} never wait for ever.
   */
  static void inBackground(
      Consumer<Runnable> ice,
      Consumer<Runnable> signalingAndMedia,
      CompletableFuture<Void> setUpDone,
      CompletableFuture<Void> done) {
    CompletableFuture<Void> iceSetUp = new CompletableFuture<>();
    CompletableFuture<Void> signalled = new CompletableFuture<>();
    CompletableFuture<Void> iceDone = new CompletableFuture<>();
    CompletableFuture<Void> signalingDone = new CompletableFuture<>();
    iceSetUp.runAfterBoth(signalled, () -> setUpDone.complete(null));
    iceDone.runAfterBoth(signalingDone, () -> done.complete(null));
    daemon("peervoice-warm-up", ice, iceSetUp, iceDone);
    daemon("peervoice-warm-up-signaling", signalingAndMedia, signalled, signalingDone);
  }

  /**
   * Runs {@code task} on a daemon thread named {@code name}, giving it what completes {@code
   * setUp}; {@code setUp} and {@code all} complete when it ends, whether it failed or not.
   */
  private static void daemon(
      String name,
      Consumer<Runnable> task,
      CompletableFuture<Void> setUp,
      CompletableFuture<Void> all) {
    Thread t =
        new Thread(
            () -> {
              try {
                task.accept(() -> setUp.complete(null));
              } catch (RuntimeException | Error e) {
                log.warn("warm-up failed; the first call may set up slower", e);
              } finally {
                setUp.complete(null);
                all.complete(null);
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  /** A media description's worth of bytes (the signalling path does not parse it). */
  private static byte[] sampleDescription(SecureRandom random) {
    byte[] d = new byte[SAMPLE_DESCRIPTION_BYTES];
    random.nextBytes(d);
    return d;
  }

  /**
   * First what a call's set-up needs from ICE ({@link PathWarmUp}: two agents' set-up, ice4j's
   * configuration and classes, interfaces, sockets; their checks, nomination and selection; each
   * side's direct path with our own STUN and a few datagrams; a key agreement; a media
   * description), then {@code setUpDone}. The SRTP and codec preparation that {@link
   * MediaSession#create} does first, then the media path, run meanwhile on the other warm-up thread
   * ({@link #prepareAndSignal}, {@link #mediaPath}).
   */
  static void run(MediaSessionConfig media, SecureRandom random, PeerId me, Runnable setUpDone) {
    long start = System.nanoTime();
    try {
      int heard = PathWarmUp.run(media, offer -> describe(offer, random, me));
      log.debug(
          "call set-up and direct path warmed up in {} ms ({} of {} datagrams)",
          (System.nanoTime() - start) / 1_000_000,
          heard,
          2 * PathWarmUp.DATAGRAMS);
      mediaSession(media);
    } catch (IceException
        | CallFailedException
        | RuntimeException
        | TimeoutException
        | java.io.IOException e) {
      log.debug("warm-up failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    setUpDone.run();
  }

  /**
   * S20: one media session made and closed (its ICE session, path, keys and restarts: classes a
   * fresh process otherwise links in its first call's answer, 12-18 ms traced in S19).
   */
  private static void mediaSession(MediaSessionConfig media) throws CallFailedException {
    try (MediaSession s = MediaSession.create(media, IceRole.CONTROLLED, SrtpKeying.agreed())) {
      s.localDescription();
    }
  }

  /** A key agreement and a media description of {@code offer} (encoded and decoded). */
  private static void describe(IceParameters offer, SecureRandom random, PeerId me) {
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
    byte[] description =
        new MediaDescription(
                offer,
                random.nextInt(),
                MediaDescription.DEFAULT_OPUS_PAYLOAD_TYPE,
                MediaDescription.DEFAULT_DTMF_PAYLOAD_TYPE)
            .encode();
    MediaDescription.decode(description);
  }

  /**
   * What {@link MediaSession#create} prepares before its ICE agent (SRTP: the AES provider and
   * jitsi-srtp's classes; the Opus library), then the signalling path: the other warm-up thread's
   * share of the call set-up, in parallel with the ICE agent.
   */
  static void prepareAndSignal(PhoneConfig config, SecureRandom random) {
    try {
      Srtp.prepare();
      OpusCodec.prepare();
    } catch (RuntimeException e) {
      log.debug("media preparation failed in the warm-up: {}", e.toString());
    }
    SignalingWarmUp.run(
        config.identity(),
        sampleDescription(random),
        config.srtpProfiles().stream().map(Enum::name).toList(),
        random,
        SIGNALING_ROUNDS);
  }

  /**
   * A call's media stages back to back in memory ({@link MediaWarmUp}), once per SRTP profile the
   * phone offers: media start, send and receive paths, jitter buffer and playout.
   */
  private static void mediaPath(MediaSessionConfig media, PhoneConfig config) {
    long start = System.nanoTime();
    List<SrtpProfile> profiles = config.srtpProfiles();
    for (int i = 0; i < profiles.size(); i++) {
      MediaWarmUp.run(
          media, profiles.get(i), i == 0 ? FRAMES_FIRST_PROFILE : FRAMES_OTHER_PROFILES);
    }
    log.debug("media warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
  }
}
