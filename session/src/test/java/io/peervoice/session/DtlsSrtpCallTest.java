package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.ToneSource;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceRole;
import io.peervoice.session.dtls.CertificateFingerprint;
import io.peervoice.session.dtls.DtlsCertificate;
import io.peervoice.session.dtls.DtlsSetup;
import io.peervoice.session.dtls.DtlsSrtpConfig;
import io.peervoice.session.dtls.DtlsSrtpKeying;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two media sessions over real ICE on this machine keyed by DTLS-SRTP (RFC 5764): the handshake
 * runs on the selected path among the STUN and SRTP datagrams, Opus flows both ways under the
 * exporter's keys, and a certificate that does not match the signed fingerprint fails the media
 * set-up with that reason.
 */
class DtlsSrtpCallTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(2);
  private final MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
  private final DtlsCertificate callerCert = DtlsCertificate.generate(RANDOM, Instant.now());
  private final DtlsCertificate calleeCert = DtlsCertificate.generate(RANDOM, Instant.now());

  @AfterEach
  void stop() {
    clock.shutdownNow();
  }

  private static DtlsSrtpConfig dtls(DtlsCertificate certificate) {
    return DtlsSrtpConfig.builder(certificate).initialResend(Duration.ofMillis(100)).build();
  }

  @Test
  void audioFlowsBothWaysUnderTheExportersKeys() throws Exception {
    DtlsSrtpKeying callerKeys = DtlsSrtpKeying.create(dtls(callerCert), DtlsSetup.ACTPASS);
    DtlsSrtpKeying calleeKeys =
        DtlsSrtpKeying.create(dtls(calleeCert), DtlsSetup.answerTo(DtlsSetup.ACTPASS));
    calleeKeys.remote(callerKeys.localSetup(), callerKeys.localFingerprint());
    callerKeys.remote(calleeKeys.localSetup(), calleeKeys.localFingerprint());
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, callerKeys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, calleeKeys)) {
      CompletableFuture.allOf(
              callee.start(
                  caller.localDescription(), ToneSource.continuous(440, -20), new PcmRecorder(30)),
              caller.start(
                  callee.localDescription(),
                  LoopingSource.forever(SpeechSample.load()),
                  new PcmRecorder(30)))
          .get(30, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  callee.stats().receive().framesDecoded() >= 25
                      && caller.stats().receive().framesDecoded() >= 25);
      assertThat(caller.stats().receive().srtpRejectedTotal()).isZero();
      assertThat(callee.stats().receive().srtpRejectedTotal()).isZero();
      assertThat(caller.stats().srtpProfile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
      assertThat(calleeKeys.handshakeTime()).isPresent();
      // S6 wrtc2: the session's figures carry the keying's own handshake time
      assertThat(callee.stats().keyingHandshake()).isEqualTo(calleeKeys.handshakeTime());

      caller.close();
      assertThat(calleeKeys.ended().toCompletableFuture().get(5, TimeUnit.SECONDS))
          .as("the caller's close_notify reached the callee on the path")
          .isEqualTo("the peer closed DTLS (close_notify)");
    }
  }

  @Test
  void aTamperedFingerprintFailsTheMediaWithTheReason() throws Exception {
    DtlsSrtpKeying callerKeys = DtlsSrtpKeying.create(dtls(callerCert), DtlsSetup.ACTPASS);
    DtlsSrtpKeying calleeKeys = DtlsSrtpKeying.create(dtls(calleeCert), DtlsSetup.ACTIVE);
    byte[] tampered = callerKeys.localFingerprint().hash();
    tampered[7] ^= 1;
    calleeKeys.remote(DtlsSetup.ACTPASS, new CertificateFingerprint(tampered));
    callerKeys.remote(DtlsSetup.ACTIVE, calleeKeys.localFingerprint());
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, callerKeys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, calleeKeys)) {
      CompletableFuture<Void> calleeUp =
          callee.start(caller.localDescription(), AudioSource.silence(), new PcmRecorder(5));
      CompletableFuture<Void> callerUp =
          caller.start(callee.localDescription(), AudioSource.silence(), new PcmRecorder(5));
      assertThatThrownBy(() -> calleeUp.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              CallFailedException.class,
              e -> {
                assertThat(e.step()).isEqualTo(CallStep.MEDIA);
                assertThat(e.getMessage())
                    .contains("SRTP keying", "does not match the fingerprint in its signed");
              });
      assertThatThrownBy(() -> callerUp.get(30, TimeUnit.SECONDS))
          .cause()
          .hasMessageContaining("refused the DTLS handshake with alert bad_certificate");
      assertThat(callee.state()).isEqualTo(MediaSession.State.CONNECTED);
      assertThatThrownBy(callee::stats).hasMessageContaining("no media yet");
    }
  }
}
