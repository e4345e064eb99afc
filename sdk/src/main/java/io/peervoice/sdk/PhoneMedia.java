package io.peervoice.sdk;

import io.peervoice.nat.IceConfig;
import io.peervoice.natives.MediaLoops;
import io.peervoice.session.MediaSessionConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A phone's media resources shared by its calls: its media loops (one thread per core, up to 8:
 * each call takes one and lives on it, sockets, ticks and timers), the media clock (the loops, or
 * an injected one that then runs the ticks while the sockets stay on the loops), the ICE restart
 * threads, the media settings calls are made with, the DTLS warm-up of the first WebRTC call and
 * the spare DTLS certificate, and the ICE sessions prepared for its next answers (S20).
 */
final class PhoneMedia {
  private final ExecutorService restarts =
      Executors.newCachedThreadPool(SignalingThread.daemon("peervoice-ice-restart"));
  private final MediaLoops loops;
  private final ScheduledExecutorService clock;
  private final boolean ownsClock;
  private final PhoneConfig config;
  private final MediaSessionConfig settings;
  private final MediaSessionConfig relayOnlySettings;
  private final MediaSessionConfig webSettings;
  private final WebWarmUp webWarmUp;
  private final SpareCertificate certificates;
  private final AnswerSpares answers;

  /**
   * What a phone's WebRTC calls warm up with: the DTLS warm-up (the process's, {@link #process()})
   * and what makes its spare certificates; tests inject fresh ones.
   */
  record WebParts(WebWarmUp warmUp, SpareCertificate.Maker maker) {
    /** The process's DTLS warm-up and fresh key pairs. */
    static WebParts process() {
      return new WebParts(
          WebWarmUp.process(), SpareCertificate.Maker.generating(new java.security.SecureRandom()));
    }
  }

  /**
   * A phone's media with {@code web}'s DTLS warm-up and a spare certificate of its own, made on a
   * background thread, replacements booked on {@code thread}'s timers (cancelled when the phone
   * closes), dated by {@code wallMillis}.
   */
  static PhoneMedia create(
      PhoneConfig config, LongSupplier wallMillis, SignalingThread thread, WebParts web) {
    return new PhoneMedia(
        config,
        web.warmUp(),
        SpareCertificate.forPhone(thread, wallMillis, web.maker()),
        media ->
            AnswerSpares.forPhone(
                thread::after,
                wallMillis,
                List.of(media.settings, media.webSettings),
                List.of(media.webSettings)));
  }

  /** A phone's media that prepares no ICE session ahead (tests). */
  PhoneMedia(PhoneConfig config, WebWarmUp webWarmUp, SpareCertificate certificates) {
    this(config, webWarmUp, certificates, media -> AnswerSpares.none());
  }

  /** {@code answers} makes the spares for answers from this media's settings. */
  PhoneMedia(
      PhoneConfig config,
      WebWarmUp webWarmUp,
      SpareCertificate certificates,
      Function<PhoneMedia, AnswerSpares> answers) {
    this.config = config;
    this.webWarmUp = webWarmUp;
    this.certificates = certificates;
    this.loops = MediaLoops.create(clockThreads(), "peervoice-media");
    this.ownsClock = config.mediaClock().isEmpty();
    this.clock = config.mediaClock().orElseGet(loops::asScheduler);
    this.settings = settings(config.ice());
    this.relayOnlySettings =
        config.ice().turnServers().isEmpty()
            ? null
            : settings(config.ice().toBuilder().relayOnly(true).build());
    this.webSettings =
        settings(config.ice().toBuilder().portPredictionPorts(0).singleNomination(false).build());
    this.answers = answers.apply(this);
  }

  /**
   * S20: the ICE sessions prepared ahead for the phone's next answers ({@link AnswerSpares}), to be
   * started once its warm-up is done.
   */
  AnswerSpares answers() {
    return answers;
  }

  /**
   * S20: a future for the phone's warm-up to complete; then, on {@code thread}, the spares for its
   * answers are made if it is {@code idle} ({@link AnswerSpares#prepare}), and {@code ready} (what
   * {@code Phone.ready()} waits for) completes once they are: a ready phone holds them already, and
   * makes nothing more while idle.
   */
  CompletableFuture<Void> sparesAfter(
      SignalingThread thread, BooleanSupplier idle, CompletableFuture<Void> ready) {
    CompletableFuture<Void> warm = new CompletableFuture<>();
    warm.whenComplete(
        (v, e) -> {
          Runnable spares =
              () ->
                  answers.prepare(idle.getAsBoolean()).whenComplete((s, f) -> ready.complete(null));
          if (!thread.after(0, spares)) {
            ready.complete(null); // closed: its readiness fails anyway
          }
        });
    return warm;
  }

  /**
   * Media settings for a WebRTC call: no port prediction (a browser's ICE agent answers the probe's
   * checks but never sends its own, so the burst could only move its pair untested), and the pair
   * the browser nominates best is kept, not its first ({@code IceConfig#singleNomination}).
   */
  MediaSessionConfig webSettings() {
    return webSettings;
  }

  private MediaSessionConfig settings(IceConfig ice) {
    return MediaSessionConfig.builder(clock)
        .mediaLoops(loops, ownsClock)
        .ice(ice)
        .opus(config.opus())
        .complexityAdaptation(config.complexityAdaptation())
        .srtpProfile(config.srtpProfiles().get(0))
        .ioThreads(SignalingThread.daemon("peervoice-rx"))
        .outboundImpairment(config.outboundImpairment())
        .build();
  }

  /** S7 lean: the process's DTLS warm-up, started by the first WebRTC call. */
  WebWarmUp webWarmUp() {
    return webWarmUp;
  }

  /**
   * S8: what a WebRTC call (or {@link Phone#warmUpWebRtc()}) starts: the process's DTLS warm-up and
   * this phone's spare certificate; returns the warm-up's completion.
   */
  java.util.concurrent.CompletableFuture<Void> warmUpWebRtc() {
    certificates.prepare();
    answers.enable(webSettings, true); // S20: the answers' spare for a browser's calls, now
    return webWarmUp.start();
  }

  /**
   * S8: a DTLS certificate for a WebRTC call starting now ({@link SpareCertificate#take()}), then
   * {@link #warmUpWebRtc()}. Taken first: with no spare ready, taking books the next one {@link
   * SpareCertificate#REPLACE_AFTER} later, so the warm-up makes none beside the call's own.
   */
  io.peervoice.session.dtls.DtlsCertificate certificateForCall() {
    io.peervoice.session.dtls.DtlsCertificate certificate = certificates.take();
    certificates.prepare();
    answers.enable(webSettings, false); // S20: not beside this call's set-up
    webWarmUp.start();
    return certificate;
  }

  /** S8: the phone's spare DTLS certificate ({@link SpareCertificate}). */
  SpareCertificate certificates() {
    return certificates;
  }

  /** Settings for a call: all candidates. */
  MediaSessionConfig settings() {
    return settings;
  }

  /** Settings for a stranger's call while ringing (relayed candidates only), or null. */
  MediaSessionConfig relayOnlySettings() {
    return relayOnlySettings;
  }

  ExecutorService restartThreads() {
    return restarts;
  }

  /** Stops the ICE restarts under way, the spare certificate's work (S8) and the answers' (S20). */
  void stopBackground() {
    restarts.shutdownNow();
    certificates.close();
    answers.close();
  }

  /**
   * Media loops of a phone: one per core, up to 8. A call lives on one loop, so more loops spread
   * calls over the cores once one is busy (about 50 calls of Opus at complexity 9 fill a core).
   * Threads start with the first call (or warm-up) that takes their loop.
   */
  static int clockThreads() {
    return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Closes the media loops (and any socket left on them); an injected media clock is left to its
   * owner.
   */
  void stopClock() {
    loops.close();
  }
}
