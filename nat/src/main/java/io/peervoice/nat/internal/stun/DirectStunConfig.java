package io.peervoice.nat.internal.stun;

import io.peervoice.nat.IceRole;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * What a {@link DirectStun} needs for one selected ICE pair. Build with {@link #builder()}.
 *
 * @param scheduler the one thread everything runs on (a call's {@code MediaLoop.executor()}):
 *     {@link DirectStun#onStun} must be called on it too
 * @param wallClockMillis the clock consent times are in (the one given to {@code ConsentWatch})
 * @param random transaction ids and interval jitter; a {@link SecureRandom} unless a test seeds one
 *     (RFC 7675 §7: ids must not be predictable)
 * @param sender where requests and responses go (the pair's local socket)
 * @param credentials both agents' ufrags and passwords
 * @param remote the selected pair's remote address: requests go there, and only its datagrams are
 *     answered or accepted as responses
 * @param role our ICE role: ICE-CONTROLLING or ICE-CONTROLLED goes into each request
 * @param tieBreaker the value of that attribute (the agent's tie-breaker, RFC 8445 §7.1.1)
 * @param priority PRIORITY of our requests (the local candidate's peer-reflexive priority)
 * @param useCandidate whether requests carry USE-CANDIDATE (ice4j's do when it controls)
 * @param consentInterval mean time between consent requests (RFC 7675 §5.1: 5 s, each interval
 *     randomized to 0.8-1.2 times this)
 * @param consentExpiry consent is lost this long after the last valid response (30 s) and no more
 *     requests are sent
 * @param maxOutstanding how many sent requests are remembered (the oldest is forgotten first)
 * @param freshSince when consent was last known fresh (e.g. ICE's last check), negative if never;
 *     expiry counts from the later of this and {@link DirectStun#start}
 * @param onConsent run on the scheduler thread after each valid consent response (e.g. {@code
 *     ConsentWatch::check}); must not block
 */
public record DirectStunConfig(
    ScheduledExecutorService scheduler,
    LongSupplier wallClockMillis,
    Random random,
    Sender sender,
    IceCredentials credentials,
    InetSocketAddress remote,
    IceRole role,
    long tieBreaker,
    long priority,
    boolean useCandidate,
    Duration consentInterval,
    Duration consentExpiry,
    int maxOutstanding,
    long freshSince,
    Runnable onConsent) {

  public DirectStunConfig {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(wallClockMillis, "wallClockMillis");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(consentInterval, "consentInterval");
    Objects.requireNonNull(consentExpiry, "consentExpiry");
    Objects.requireNonNull(onConsent, "onConsent");
    if (remote.isUnresolved()) {
      throw new IllegalArgumentException("remote must be resolved: " + remote);
    }
    if (priority < 1 || priority > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("priority must be 1..2^32-1: " + priority);
    }
    if (consentInterval.toMillis() < 10 || consentExpiry.compareTo(consentInterval) <= 0) {
      throw new IllegalArgumentException(
          "need 10 ms <= consentInterval < consentExpiry: "
              + consentInterval
              + ", "
              + consentExpiry);
    }
    if (maxOutstanding < 1 || maxOutstanding > 64) {
      throw new IllegalArgumentException("maxOutstanding must be 1..64: " + maxOutstanding);
    }
  }

  /** A builder with RFC 7675's defaults: 5 s interval, 30 s expiry, 8 outstanding requests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DirectStunConfig}; {@link #build} validates. */
  public static final class Builder {
    private ScheduledExecutorService scheduler;
    private LongSupplier wallClockMillis = System::currentTimeMillis;
    private Random random;
    private Sender sender;
    private IceCredentials credentials;
    private InetSocketAddress remote;
    private IceRole role;
    private long tieBreaker;
    private long priority;
    private Boolean useCandidate;
    private Duration consentInterval = Duration.ofSeconds(5);
    private Duration consentExpiry = Duration.ofSeconds(30);
    private int maxOutstanding = 8;
    private long freshSince = -1;
    private Runnable onConsent = () -> {};

    private Builder() {}

    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public Builder wallClockMillis(LongSupplier wallClockMillis) {
      this.wallClockMillis = wallClockMillis;
      return this;
    }

    public Builder random(Random random) {
      this.random = random;
      return this;
    }

    public Builder sender(Sender sender) {
      this.sender = sender;
      return this;
    }

    public Builder credentials(IceCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    public Builder remote(InetSocketAddress remote) {
      this.remote = remote;
      return this;
    }

    /** Our role; also sets {@link #useCandidate} to {@code role == CONTROLLING} unless set. */
    public Builder role(IceRole role) {
      this.role = role;
      return this;
    }

    public Builder tieBreaker(long tieBreaker) {
      this.tieBreaker = tieBreaker;
      return this;
    }

    public Builder priority(long priority) {
      this.priority = priority;
      return this;
    }

    public Builder useCandidate(boolean useCandidate) {
      this.useCandidate = useCandidate;
      return this;
    }

    public Builder consentInterval(Duration consentInterval) {
      this.consentInterval = consentInterval;
      return this;
    }

    public Builder consentExpiry(Duration consentExpiry) {
      this.consentExpiry = consentExpiry;
      return this;
    }

    public Builder maxOutstanding(int maxOutstanding) {
      this.maxOutstanding = maxOutstanding;
      return this;
    }

    public Builder freshSince(long freshSinceMillis) {
      this.freshSince = freshSinceMillis;
      return this;
    }

    public Builder onConsent(Runnable onConsent) {
      this.onConsent = onConsent;
      return this;
    }

    /**
     * @throws NullPointerException if scheduler, sender, credentials, remote or role is missing
     * @throws IllegalArgumentException if a value is out of range
     */
    public DirectStunConfig build() {
      return new DirectStunConfig(
          scheduler,
          wallClockMillis,
          random != null ? random : new SecureRandom(),
          sender,
          credentials,
          remote,
          role,
          tieBreaker,
          priority,
          useCandidate != null ? useCandidate : role == IceRole.CONTROLLING,
          consentInterval,
          consentExpiry,
          maxOutstanding,
          freshSince,
          onConsent);
    }
  }
}
