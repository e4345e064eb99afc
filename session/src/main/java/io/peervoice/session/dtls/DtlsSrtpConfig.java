package io.peervoice.session.dtls;

import io.peervoice.media.srtp.SrtpProfile;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settings of {@link DtlsSrtpKeying}, validated when built.
 *
 * @param certificate our certificate (its fingerprint goes in our description)
 * @param profiles SRTP profiles we accept in {@code use_srtp}, preferred first (RFC 5764 §4.1.2)
 * @param handshakeExecutor runs each handshake (it blocks for the handshake's length, bounded by
 *     {@code handshakeTimeout}); by default {@link #SHARED_HANDSHAKES}: one pool for the process,
 *     of at most {@value #DEFAULT_THREADS} daemon threads and {@value #DEFAULT_QUEUE} waiting
 *     handshakes, beyond which a handshake fails at once ("no thread for the DTLS handshake")
 * @param initialResend the first retransmission timeout of a flight (RFC 6347 §4.2.4.1: 1 s),
 *     doubled on each retransmission
 * @param handshakeTimeout how long a handshake may take in all
 * @param random randomness of the handshakes
 */
public record DtlsSrtpConfig(
    DtlsCertificate certificate,
    List<SrtpProfile> profiles,
    Executor handshakeExecutor,
    Duration initialResend,
    Duration handshakeTimeout,
    SecureRandom random) {

  /** AEAD_AES_128_GCM (RFC 7714) then AES_CM_128_HMAC_SHA1_80, as Chromium prefers them. */
  public static final List<SrtpProfile> DEFAULT_PROFILES =
      List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);

  /** Threads of the default handshake pool at most. */
  public static final int DEFAULT_THREADS = 2;

  /** Handshakes waiting for a thread of the default pool at most. */
  public static final int DEFAULT_QUEUE = 64;

  /** The default handshake executor, shared by every config that sets none; threads idle out. */
  public static final Executor SHARED_HANDSHAKES = boundedPool(DEFAULT_THREADS, DEFAULT_QUEUE);

  /**
   * S19: starts the threads of {@link #SHARED_HANDSHAKES} that do not live (they end after 30 s
   * idle), so that a call about to be keyed does not wait for one to start: a fresh listener's
   * first browser call waited 8-12 ms between asking for its handshake and the handshake's first
   * step, on a loaded 2-core machine. All of them: below its core size the pool starts a new thread
   * for each task even beside an idle one. Call it when a WebRTC call begins ringing.
   */
  public static void readyHandshakeThreads() {
    readyThreads((ThreadPoolExecutor) SHARED_HANDSHAKES);
  }

  /** Starts the core threads of {@code pool} that do not live; how many it started. */
  static int readyThreads(ThreadPoolExecutor pool) {
    return pool.getPoolSize() < pool.getCorePoolSize() ? pool.prestartAllCoreThreads() : 0;
  }

  /**
   * A pool of at most {@code threads} daemon threads named {@code peervoice-dtls-N}, each ending
   * after 30 s idle, with at most {@code queue} tasks waiting; a task beyond that is refused with a
   * {@link RejectedExecutionException} saying so.
   */
  static ThreadPoolExecutor boundedPool(int threads, int queue) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            task -> {
              Thread t = new Thread(task, "peervoice-dtls-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (task, executor) -> {
              throw new RejectedExecutionException(
                  "DTLS handshakes: all "
                      + threads
                      + " threads busy and "
                      + queue
                      + " handshakes waiting");
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  public DtlsSrtpConfig {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
    Objects.requireNonNull(random, "random");
    profiles = List.copyOf(profiles);
    if (profiles.isEmpty() || profiles.size() != profiles.stream().distinct().count()) {
      throw new IllegalArgumentException("SRTP profiles must be distinct and not empty");
    }
    if (initialResend.toMillis() < 10 || initialResend.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("initialResend must be 10 ms..60 s: " + initialResend);
    }
    if (handshakeTimeout.compareTo(initialResend) <= 0
        || handshakeTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "handshakeTimeout must exceed initialResend and be at most 5 min: " + handshakeTimeout);
    }
  }

  /** A builder for {@code certificate}. */
  public static Builder builder(DtlsCertificate certificate) {
    return new Builder(certificate);
  }

  /** Builds a {@link DtlsSrtpConfig}; defaults as documented there. */
  public static final class Builder {
    private final DtlsCertificate certificate;
    private List<SrtpProfile> profiles = DEFAULT_PROFILES;
    private Executor executor = SHARED_HANDSHAKES;
    private Duration initialResend = Duration.ofSeconds(1);
    private Duration handshakeTimeout = Duration.ofSeconds(20);
    private SecureRandom random = new SecureRandom();

    private Builder(DtlsCertificate certificate) {
      this.certificate = certificate;
    }

    public Builder profiles(List<SrtpProfile> profiles) {
      this.profiles = profiles;
      return this;
    }

    public Builder handshakeExecutor(Executor executor) {
      this.executor = executor;
      return this;
    }

    public Builder initialResend(Duration initialResend) {
      this.initialResend = initialResend;
      return this;
    }

    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public DtlsSrtpConfig build() {
      return new DtlsSrtpConfig(
          certificate, profiles, executor, initialResend, handshakeTimeout, random);
    }
  }
}
