package io.peervoice.session.dtls;

import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.session.KeyingPath;
import io.peervoice.session.SrtpKeying;
import io.peervoice.session.internal.dtls.DtlsAssociation;
import io.peervoice.session.internal.dtls.DtlsSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * DTLS-SRTP keying (RFC 5763, RFC 5764): a DTLS 1.2 handshake on the selected media path, whose
 * exporter gives both directions' SRTP keys (RFC 5764 <a
 * href="https://www.rfc-editor.org/rfc/rfc5764#section-4.2">§4.2</a>). For calls with WebRTC peers;
 * PeerVoice phones keep their X25519 keys ({@link SrtpKeying#agreed()}).
 *
 * <p>Made with our {@link DtlsSetup} ({@code actpass} in an offer, {@link DtlsSetup#answerTo} in an
 * answer); the peer's {@code a=setup} and {@code a=fingerprint} come from its signed description
 * through {@link #remote}. The handshake starts once ICE selected a path and both are known; our
 * role comes from the two setups ({@link DtlsRole#of}). The peer's certificate must hash to the
 * fingerprint it signed: otherwise the handshake fails with a fatal {@code bad_certificate} alert
 * before any key is derived, and the media set-up fails with that reason. The association survives
 * ICE restarts (RFC 8842 §4): asked again, it returns the same keys. Closing sends close_notify; a
 * close_notify or fatal alert from the peer completes {@link #ended()}.
 *
 * <p>Retransmission and the handshake's time limit run on Bouncy Castle's wall-clock timers, with
 * the durations of {@link DtlsSrtpConfig}. Thread-safe.
 */
public final class DtlsSrtpKeying implements SrtpKeying {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(DtlsSrtpKeying.class);

  /**
   * The peer's parameters with the role they decide: carried together, so {@link #start} never
   * reads a role not yet set (keys() may come first and start on this completion).
   */
  private record Remote(DtlsSetup setup, CertificateFingerprint fingerprint, DtlsRole role) {}

  private final DtlsSrtpConfig config;
  private final DtlsSetup localSetup;
  private final CompletableFuture<Remote> remote = new CompletableFuture<>();
  private final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
  private final CompletableFuture<String> ended = new CompletableFuture<>();
  private DtlsAssociation association; // guarded by this
  private volatile DtlsRole role;
  private volatile Duration handshakeTime;

  private DtlsSrtpKeying(DtlsSrtpConfig config, DtlsSetup localSetup) {
    this.config = Objects.requireNonNull(config, "config");
    this.localSetup = Objects.requireNonNull(localSetup, "localSetup");
  }

  /** A strategy whose description says {@code a=setup:localSetup}. */
  public static DtlsSrtpKeying create(DtlsSrtpConfig config, DtlsSetup localSetup) {
    return new DtlsSrtpKeying(config, localSetup);
  }

  /** What our description says: our {@code a=setup}. */
  public DtlsSetup localSetup() {
    return localSetup;
  }

  /** What our description says: our certificate's {@code a=fingerprint}. */
  public CertificateFingerprint localFingerprint() {
    return config.certificate().fingerprint();
  }

  /**
   * The peer's {@code a=setup} and {@code a=fingerprint}, from its signed offer or answer.
   *
   * @throws IllegalArgumentException if the two setups decide no role (the keys fail too)
   * @throws IllegalStateException if already given
   */
  public void remote(DtlsSetup setup, CertificateFingerprint fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    DtlsRole decided;
    try {
      decided = DtlsRole.of(localSetup, setup);
    } catch (IllegalArgumentException e) {
      keys.completeExceptionally(new IOException(e.getMessage(), e));
      throw e;
    }
    synchronized (this) {
      if (remote.isDone()) {
        throw new IllegalStateException("the peer's DTLS parameters were already given");
      }
      role = decided;
      remote.complete(new Remote(setup, fingerprint, decided));
    }
  }

  /**
   * S21: yes, while the handshake pool has a thread free: the handshake's thread and first flight
   * are then made while ICE checks run (a fresh process took 20-50 ms for them after the first
   * valid pair), and the flight waits for the pair. A busy pool keeps its threads for calls that
   * have a path (a thread asked early is held for up to ICE's connect timeout); an executor of the
   * application's own is taken as sized for it.
   */
  @Override
  public boolean startsBeforePath() {
    return !(config.handshakeExecutor() instanceof ThreadPoolExecutor pool)
        || pool.getActiveCount() < pool.getMaximumPoolSize();
  }

  @Override
  public CompletionStage<SrtpKeys> keys(KeyingPath path) {
    synchronized (this) {
      if (association == null && !ended.isDone()) {
        association = new DtlsAssociation(path, this::end);
        path.receive(association::onDatagram);
        DtlsAssociation started = association;
        remote.thenAccept(r -> start(started, r, path));
      }
    }
    return keys.minimalCompletionStage();
  }

  private void start(DtlsAssociation started, Remote r, KeyingPath path) {
    DtlsSettings settings =
        new DtlsSettings(
            config.certificate().certificate(),
            r.fingerprint(),
            config.profiles(),
            (int) config.initialResend().toMillis(),
            (int) config.handshakeTimeout().toMillis());
    boolean client = r.role() == DtlsRole.CLIENT;
    try {
      config
          .handshakeExecutor()
          .execute(
              () -> {
                long begun = System.nanoTime();
                try {
                  SrtpKeys agreed = started.handshake(settings, client, config.random());
                  // from the first flight on a path: not the wait for one (S21)
                  long since = path.sendableSinceNanos();
                  long from = since != 0L && since - begun > 0 ? since : begun;
                  handshakeTime = Duration.ofNanos(Math.max(0, System.nanoTime() - from));
                  log.info(
                      "DTLS-SRTP keys agreed as {} in {} ms: {}",
                      r.role(),
                      handshakeTime.toMillis(),
                      agreed.profile());
                  keys.complete(agreed);
                } catch (IOException | RuntimeException e) {
                  log.warn("DTLS-SRTP keying failed: {}", e.getMessage());
                  keys.completeExceptionally(new IOException(e.getMessage(), e));
                }
              });
    } catch (RejectedExecutionException e) {
      keys.completeExceptionally(
          new IOException("no thread for the DTLS handshake: " + e.getMessage(), e));
    }
  }

  private void end(String reason) {
    ended.complete(reason);
  }

  /**
   * Completes with why the association ended: the peer's close_notify or fatal alert, a failed
   * handshake, or {@code "closed here"}.
   */
  public CompletionStage<String> ended() {
    return ended.minimalCompletionStage();
  }

  /** Our DTLS role, once the peer's setup is known. */
  public Optional<DtlsRole> role() {
    return Optional.ofNullable(role);
  }

  /** How long the handshake took (first flight to keys), once it completed. */
  @Override
  public Optional<Duration> handshakeTime() {
    return Optional.ofNullable(handshakeTime);
  }

  /** Sends close_notify if the association is up, or stops its handshake; idempotent. */
  @Override
  public void close() {
    DtlsAssociation running;
    synchronized (this) {
      running = association;
    }
    if (running != null) {
      running.close();
    } else {
      end("closed here");
    }
    keys.completeExceptionally(new IOException("DTLS-SRTP keying closed"));
  }
}
