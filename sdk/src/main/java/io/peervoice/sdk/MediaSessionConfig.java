package io.peervoice.sdk;

import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceConfig;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * Everything a {@link MediaSession} needs, injected: no static state. Build with {@link
 * #builder(ScheduledExecutorService)}.
 *
 * @param ice ICE settings
 * @param opus encoder settings
 * @param srtpProfile SRTP profile for both directions
 * @param jitterDepthFrames 20 ms frames buffered before playout starts
 * @param mediaClock runs the 20 ms media ticks and completes futures; owned by the caller
 * @param ioThreads makes the network receive threads
 * @param random source of keys, SSRCs and initial sequence numbers
 * @param nanoClock monotonic clock for timings
 */
public record MediaSessionConfig(
    IceConfig ice,
    OpusSettings opus,
    SrtpProfile srtpProfile,
    int jitterDepthFrames,
    ScheduledExecutorService mediaClock,
    ThreadFactory ioThreads,
    SecureRandom random,
    LongSupplier nanoClock) {

  public MediaSessionConfig {
    Objects.requireNonNull(ice, "ice");
    Objects.requireNonNull(opus, "opus");
    Objects.requireNonNull(srtpProfile, "srtpProfile");
    Objects.requireNonNull(mediaClock, "mediaClock");
    Objects.requireNonNull(ioThreads, "ioThreads");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(nanoClock, "nanoClock");
    if (jitterDepthFrames < 1 || jitterDepthFrames > 50) {
      throw new IllegalArgumentException("jitter depth must be 1..50 frames: " + jitterDepthFrames);
    }
  }

  public static Builder builder(ScheduledExecutorService mediaClock) {
    return new Builder(mediaClock);
  }

  /** Builder with defaults: host ICE, voice Opus, AES_CM_128_HMAC_SHA1_80, 2-frame depth. */
  public static final class Builder {
    private final ScheduledExecutorService mediaClock;
    private IceConfig ice = IceConfig.defaults();
    private OpusSettings opus = OpusSettings.voiceDefaults();
    private SrtpProfile srtpProfile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    private int jitterDepthFrames = 2;
    private ThreadFactory ioThreads = Thread::new;
    private SecureRandom random = new SecureRandom();
    private LongSupplier nanoClock = System::nanoTime;

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

    public Builder jitterDepthFrames(int frames) {
      this.jitterDepthFrames = frames;
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

    public MediaSessionConfig build() {
      return new MediaSessionConfig(
          ice, opus, srtpProfile, jitterDepthFrames, mediaClock, ioThreads, random, nanoClock);
    }
  }
}
