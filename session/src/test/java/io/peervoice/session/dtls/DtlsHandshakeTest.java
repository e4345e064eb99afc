package io.peervoice.session.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * DTLS-SRTP handshakes between two {@link DtlsSrtpKeying}s over an in-memory path: roles from
 * a=setup, the profile choice, mirrored exporter keys, the fingerprint check, loss of the first
 * flight, and close_notify.
 */
class DtlsHandshakeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DtlsCertificate OFFERER = DtlsCertificate.generate(RANDOM, Instant.now());
  private static final DtlsCertificate ANSWERER = DtlsCertificate.generate(RANDOM, Instant.now());

  private static DtlsSrtpConfig.Builder config(DtlsCertificate certificate) {
    return DtlsSrtpConfig.builder(certificate).initialResend(Duration.ofMillis(50));
  }

  /** An offerer (actpass) and an answerer (active) that know each other's fingerprints. */
  private static DtlsSrtpKeying[] pair(
      DtlsSrtpConfig offererConfig, DtlsSrtpConfig answererConfig) {
    DtlsSrtpKeying offerer = DtlsSrtpKeying.create(offererConfig, DtlsSetup.ACTPASS);
    DtlsSrtpKeying answerer =
        DtlsSrtpKeying.create(answererConfig, DtlsSetup.answerTo(offerer.localSetup()));
    answerer.remote(offerer.localSetup(), offerer.localFingerprint());
    offerer.remote(answerer.localSetup(), answerer.localFingerprint());
    return new DtlsSrtpKeying[] {offerer, answerer};
  }

  private static SrtpKeys[] handshake(DtlsSrtpKeying[] pair, PipePath[] path) throws Exception {
    CompletableFuture<SrtpKeys> offerer = pair[0].keys(path[0]).toCompletableFuture();
    CompletableFuture<SrtpKeys> answerer = pair[1].keys(path[1]).toCompletableFuture();
    return new SrtpKeys[] {offerer.get(10, TimeUnit.SECONDS), answerer.get(10, TimeUnit.SECONDS)};
  }

  @Test
  void bothSidesDeriveMirroredKeysOfThePreferredProfileAndTheAnswererIsTheClient()
      throws Exception {
    DtlsSrtpKeying[] pair = pair(config(OFFERER).build(), config(ANSWERER).build());
    SrtpKeys[] keys = handshake(pair, PipePath.pair(0));
    assertThat(keys[0].profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    assertThat(keys[0].send()).isEqualTo(keys[1].receive());
    assertThat(keys[0].receive()).isEqualTo(keys[1].send());
    assertThat(keys[0].send()).isNotEqualTo(keys[0].receive());
    assertThat(pair[0].role()).contains(DtlsRole.SERVER);
    assertThat(pair[1].role()).contains(DtlsRole.CLIENT);
    assertThat(pair[1].handshakeTime()).isPresent();
    assertThat(pair[0].keys(PipePath.pair(0)[0]).toCompletableFuture().get())
        .as("asked again (an ICE restart), the association gives the same keys")
        .isEqualTo(keys[0]);
  }

  @Test
  void theServerPicksItsFirstProfileThatTheClientOffered() throws Exception {
    DtlsSrtpKeying[] pair =
        pair(
            config(OFFERER)
                .profiles(
                    List.of(
                        SrtpProfile.AES_CM_128_HMAC_SHA1_32, SrtpProfile.AES_CM_128_HMAC_SHA1_80))
                .build(),
            config(ANSWERER)
                .profiles(
                    List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80))
                .build());
    SrtpKeys[] keys = handshake(pair, PipePath.pair(0));
    assertThat(keys[0].profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(keys[1]).isEqualTo(new SrtpKeys(keys[0].receive(), keys[0].send()));
  }

  @Test
  void noCommonProfileFailsBothWithAClearReason() {
    DtlsSrtpKeying[] pair =
        pair(
            config(OFFERER).profiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_32)).build(),
            config(ANSWERER).profiles(List.of(SrtpProfile.AEAD_AES_128_GCM)).build());
    assertThatThrownBy(() -> handshake(pair, PipePath.pair(0)))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("no common SRTP profile");
  }

  @Test
  void aCertificateThatDoesNotMatchTheSignedFingerprintFailsBeforeAnyKey() {
    DtlsCertificate impostor = DtlsCertificate.generate(RANDOM, Instant.now());
    DtlsSrtpKeying offerer = DtlsSrtpKeying.create(config(impostor).build(), DtlsSetup.ACTPASS);
    DtlsSrtpKeying answerer = DtlsSrtpKeying.create(config(ANSWERER).build(), DtlsSetup.ACTIVE);
    answerer.remote(DtlsSetup.ACTPASS, OFFERER.fingerprint()); // signed: the real offerer's
    offerer.remote(DtlsSetup.ACTIVE, ANSWERER.fingerprint());
    PipePath[] path = PipePath.pair(0);
    CompletableFuture<SrtpKeys> offererKeys = offerer.keys(path[0]).toCompletableFuture();
    CompletableFuture<SrtpKeys> answererKeys = answerer.keys(path[1]).toCompletableFuture();

    assertThatThrownBy(() -> answererKeys.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("does not match the fingerprint in its signed description")
        .hasMessageContaining(impostor.fingerprint().toSdp())
        .hasMessageContaining(OFFERER.fingerprint().toSdp());
    assertThatThrownBy(() -> offererKeys.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("the peer refused the DTLS handshake with alert bad_certificate");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> answerer.ended().toCompletableFuture().isDone());
  }

  @Test
  void aClientCertificateThatDoesNotMatchIsRefusedByTheServer() {
    DtlsCertificate impostor = DtlsCertificate.generate(RANDOM, Instant.now());
    DtlsSrtpKeying offerer = DtlsSrtpKeying.create(config(OFFERER).build(), DtlsSetup.ACTPASS);
    DtlsSrtpKeying answerer = DtlsSrtpKeying.create(config(impostor).build(), DtlsSetup.ACTIVE);
    offerer.remote(DtlsSetup.ACTIVE, ANSWERER.fingerprint()); // signed: the real answerer's
    answerer.remote(DtlsSetup.ACTPASS, OFFERER.fingerprint());
    PipePath[] path = PipePath.pair(0);
    CompletableFuture<SrtpKeys> serverKeys = offerer.keys(path[0]).toCompletableFuture();
    CompletableFuture<SrtpKeys> clientKeys = answerer.keys(path[1]).toCompletableFuture();

    assertThat(offerer.role()).contains(DtlsRole.SERVER);
    assertThatThrownBy(() -> serverKeys.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("does not match the fingerprint in its signed description")
        .hasMessageContaining(impostor.fingerprint().toSdp())
        .hasMessageContaining(ANSWERER.fingerprint().toSdp());
    assertThatThrownBy(() -> clientKeys.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("the peer refused the DTLS handshake with alert bad_certificate");
  }

  @Test
  void keysAskedBeforeThePeersParametersStillTakeTheDecidedRoles() {
    DtlsSrtpKeying offerer = DtlsSrtpKeying.create(config(OFFERER).build(), DtlsSetup.ACTPASS);
    DtlsSrtpKeying answerer =
        DtlsSrtpKeying.create(config(ANSWERER).build(), DtlsSetup.answerTo(DtlsSetup.ACTPASS));
    PipePath[] path = PipePath.pair(0);
    // ICE selected the path before the peer's description arrived: keys() first, then remote()
    CompletableFuture<SrtpKeys> offererKeys = offerer.keys(path[0]).toCompletableFuture();
    CompletableFuture<SrtpKeys> answererKeys = answerer.keys(path[1]).toCompletableFuture();
    answerer.remote(offerer.localSetup(), offerer.localFingerprint());
    offerer.remote(answerer.localSetup(), answerer.localFingerprint());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> offererKeys.isDone() && answererKeys.isDone());
    assertThat(offererKeys).isCompleted();
    assertThat(answererKeys).isCompleted();
    assertThat(offererKeys.join().send()).isEqualTo(answererKeys.join().receive());
    assertThat(answerer.role()).contains(DtlsRole.CLIENT);
  }

  @Test
  void aLostFirstFlightIsRetransmittedAndTheHandshakeCompletes() throws Exception {
    DtlsSrtpKeying[] pair = pair(config(OFFERER).build(), config(ANSWERER).build());
    // the answerer is the client: its ClientHello, the first flight, is lost
    PipePath[] clientFirst = PipePath.pair(1);
    SrtpKeys[] keys = handshake(new DtlsSrtpKeying[] {pair[1], pair[0]}, clientFirst);
    assertThat(clientFirst[0].dropped).hasValue(1);
    assertThat(clientFirst[0].sent.get()).as("the ClientHello was sent again").isGreaterThan(2);
    assertThat(keys[0].send()).isEqualTo(keys[1].receive());
  }

  @Test
  void closeSendsCloseNotifyAndThePeerLearnsIt() throws Exception {
    DtlsSrtpKeying[] pair = pair(config(OFFERER).build(), config(ANSWERER).build());
    handshake(pair, PipePath.pair(0));
    pair[1].close();
    assertThat(pair[1].ended().toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo("closed here");
    assertThat(pair[0].ended().toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo("the peer closed DTLS (close_notify)");
  }

  @Test
  void setupsThatDecideNoRoleAreRefused() {
    DtlsSrtpKeying offerer = DtlsSrtpKeying.create(config(OFFERER).build(), DtlsSetup.ACTPASS);
    assertThatThrownBy(() -> offerer.remote(DtlsSetup.ACTPASS, ANSWERER.fingerprint()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not decide a DTLS role");
    assertThatThrownBy(() -> offerer.keys(PipePath.pair(0)[0]).toCompletableFuture().get())
        .hasMessageContaining("do not decide a DTLS role");
  }

  // S21: asked before a path only while the handshake pool has a thread free
  @Test
  void aBusyHandshakePoolKeepsItsThreadsForCallsWithAPath() throws Exception {
    java.util.concurrent.ThreadPoolExecutor pool =
        new java.util.concurrent.ThreadPoolExecutor(
            1,
            1,
            1,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>());
    try {
      DtlsSrtpKeying keying =
          DtlsSrtpKeying.create(config(OFFERER).handshakeExecutor(pool).build(), DtlsSetup.ACTPASS);
      assertThat(keying.startsBeforePath()).isTrue();
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      pool.execute(
          () -> {
            started.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      started.await();
      assertThat(keying.startsBeforePath()).as("its one thread is in a handshake").isFalse();
      release.countDown();
      assertThat(
              DtlsSrtpKeying.create(
                      config(OFFERER).handshakeExecutor(Runnable::run).build(), DtlsSetup.ACTPASS)
                  .startsBeforePath())
          .as("an executor of the application's own")
          .isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
