package io.peervoice.session;

import io.peervoice.media.codec.ComplexityAdaptation;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.impair.ImpairmentSpec;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.pipeline.AudioProcessor;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceConfig;
import io.peervoice.natives.MediaLoops;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Everything a {@link MediaSession} needs, injected: no static state. Build with {@link
 * #builder(ScheduledExecutorService)}.
 *
 * @param ice ICE settings
 * @param opus encoder settings
 * @param srtpProfile the SRTP profile for keys made from this configuration (LocalCall, the lab
 *     peer, {@link PresharedKeys#random}); media uses the profile of the keys its {@link
 *     SrtpKeying} gives
 * @param jitterBuffer adaptive jitter buffer tuning
 * @param mediaClock completes futures and runs ICE timeouts, and the 20 ms media ticks unless they
 *     run on the session's loop ({@code ticksOnLoop}); owned by the caller
 * @param mediaLoops where each session's sockets live: a session takes one loop of these ({@link
 *     MediaLoops#next()}) and keeps to it, so one call lives on one thread; empty: ICE binds its
 *     sockets as it would on its own
 * @param ticksOnLoop whether a session's media ticks, timers and futures run on its loop (one
 *     thread does all of a call's work) rather than on {@code mediaClock}; only with {@code
 *     mediaLoops}
 * @param ioThreads makes the network receive threads
 * @param random source of keys, SSRCs and initial sequence numbers
 * @param nanoClock monotonic clock for timings
 * @param wallClockMillis Unix time in milliseconds, for RTCP's NTP timestamps
 * @param minBitrate lowest Opus bitrate the loss-driven controller may choose, b/s
 * @param maxBitrate highest Opus bitrate it may choose, b/s
 * @param outboundImpairment a simulated network applied to everything this endpoint sends (for
 *     tests and demos; {@link ImpairmentSpec#none()} in real use)
 * @param processing factories of the audio processors each call runs between capture and encoder
 *     (and gives the played frames to, as echo reference), in order; each call makes its own (empty
 *     by default: no processing, no cost)
 * @param complexityAdaptation how each call's Opus complexity follows its loop's load; it applies
 *     only with {@code ticksOnLoop} (the load it watches is its loop thread's), and never raises
 *     the complexity above {@code opus}'s
 */
public record MediaSessionConfig(
    IceConfig ice,
    OpusSettings opus,
    SrtpProfile srtpProfile,
    JitterBufferConfig jitterBuffer,
    ScheduledExecutorService mediaClock,
    Optional<MediaLoops> mediaLoops,
    boolean ticksOnLoop,
    ThreadFactory ioThreads,
    SecureRandom random,
    LongSupplier nanoClock,
    LongSupplier wallClockMillis,
    int minBitrate,
    int maxBitrate,
    ImpairmentSpec outboundImpairment,
    List<Supplier<AudioProcessor>> processing,
    ComplexityAdaptation complexityAdaptation) {

  public MediaSessionConfig {
    Objects.requireNonNull(ice, "ice");
    Objects.requireNonNull(opus, "opus");
    Objects.requireNonNull(srtpProfile, "srtpProfile");
    Objects.requireNonNull(mediaClock, "mediaClock");
    Objects.requireNonNull(mediaLoops, "mediaLoops");
    if (ticksOnLoop && mediaLoops.isEmpty()) {
      throw new IllegalArgumentException("ticks on a loop need media loops");
    }
    Objects.requireNonNull(ioThreads, "ioThreads");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(nanoClock, "nanoClock");
    Objects.requireNonNull(wallClockMillis, "wallClockMillis");
    Objects.requireNonNull(outboundImpairment, "outboundImpairment");
    if (minBitrate < 6_000 || maxBitrate > 510_000 || minBitrate > maxBitrate) {
      throw new IllegalArgumentException(
          "bitrate range must satisfy 6000 <= min <= max <= 510000: "
              + minBitrate
              + ".."
              + maxBitrate);
    }
    Objects.requireNonNull(jitterBuffer, "jitterBuffer");
    processing = List.copyOf(processing);
    Objects.requireNonNull(complexityAdaptation, "complexityAdaptation");
  }

  /** The lowest Opus bitrate the loss-driven controller may choose by default, b/s. */
  public static final int DEFAULT_MIN_BITRATE = 12_000;

  /**
   * The highest Opus bitrate the loss-driven controller may choose by default, b/s: a clean path
   * climbs to it within seconds ({@link io.peervoice.media.codec.EncoderController}).
   */
  public static final int DEFAULT_MAX_BITRATE = 48_000;

  public static Builder builder(ScheduledExecutorService mediaClock) {
    return new Builder(mediaClock);
  }

  /**
   * Builder with defaults: host ICE, voice Opus, AES_CM_128_HMAC_SHA1_80, adaptive jitter buffer.
   */
  public static final class Builder {
    private final ScheduledExecutorService mediaClock;
    private Optional<MediaLoops> mediaLoops = Optional.empty();
    private boolean ticksOnLoop;
    private IceConfig ice = IceConfig.defaults();
    private OpusSettings opus = OpusSettings.voiceDefaults();
    private SrtpProfile srtpProfile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    private JitterBufferConfig jitterBuffer = JitterBufferConfig.opusDefaults();
    private ThreadFactory ioThreads = Thread::new;
    private SecureRandom random = new SecureRandom();
    private LongSupplier nanoClock = System::nanoTime;
    private LongSupplier wallClockMillis = System::currentTimeMillis;
    private ImpairmentSpec outboundImpairment = ImpairmentSpec.none();
    private int minBitrate = DEFAULT_MIN_BITRATE;
    private int maxBitrate = DEFAULT_MAX_BITRATE;
    private List<Supplier<AudioProcessor>> processing = List.of();
    private ComplexityAdaptation complexityAdaptation = ComplexityAdaptation.defaults();

    private Builder(ScheduledExecutorService mediaClock) {
      this.mediaClock = mediaClock;
    }

    public Builder ice(IceConfig ice) {
      this.ice = ice;
      return this;
    }

    public Builder opus(OpusSettings opus) {
      this.opus = opus;
      return this;
    }

    public Builder srtpProfile(SrtpProfile profile) {
      this.srtpProfile = profile;
      return this;
    }

    public Builder jitterBuffer(JitterBufferConfig jitterBuffer) {
      this.jitterBuffer = jitterBuffer;
      return this;
    }

    /**
     * Each session's sockets on one of {@code loops} and, with {@code ticks}, its media ticks,
     * timers and futures too (one call on one thread); without ticks they stay on the media clock.
     */
    public Builder mediaLoops(MediaLoops loops, boolean ticks) {
      this.mediaLoops = Optional.of(loops);
      this.ticksOnLoop = ticks;
      return this;
    }

    public Builder ioThreads(ThreadFactory threads) {
      this.ioThreads = threads;
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = clock;
      return this;
    }

    public Builder wallClockMillis(LongSupplier clock) {
      this.wallClockMillis = clock;
      return this;
    }

    /** The range the loss-driven bitrate controller stays in (default 12–48 kb/s). */
    public Builder bitrateRange(int min, int max) {
      this.minBitrate = min;
      this.maxBitrate = max;
      return this;
    }

    public Builder outboundImpairment(ImpairmentSpec spec) {
      this.outboundImpairment = spec;
      return this;
    }

    /**
     * The audio processing stages of each call, in order (e.g. echo control, issue #14): one
     * factory per stage, called once per call. Default none.
     */
    public Builder processing(List<Supplier<AudioProcessor>> processors) {
      this.processing = List.copyOf(processors);
      return this;
    }

    /** Load-adaptive Opus complexity (default on, down to 5; used with ticks on the loops). */
    public Builder complexityAdaptation(ComplexityAdaptation adaptation) {
      this.complexityAdaptation = adaptation;
      return this;
    }

    public MediaSessionConfig build() {
      return new MediaSessionConfig(
          ice,
          opus,
          srtpProfile,
          jitterBuffer,
          mediaClock,
          mediaLoops,
          ticksOnLoop,
          ioThreads,
          random,
          nanoClock,
          wallClockMillis,
          minBitrate,
          maxBitrate,
          outboundImpairment,
          processing,
          complexityAdaptation);
    }
  }
}
