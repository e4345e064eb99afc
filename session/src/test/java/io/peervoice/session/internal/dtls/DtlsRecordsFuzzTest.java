package io.peervoice.session.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.session.dtls.CertificateFingerprint;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Our DTLS record handling on hostile datagrams (a fuzz input is up to 8 datagrams, each a 2-byte
 * length and its bytes). During a handshake (we are the server, as for a browser that answers
 * active): whatever arrives, the handshake ends with an {@link IOException} within its time limit
 * and never gives keys, since no one without the expected certificate's key can finish it. After a
 * handshake: datagrams on an established association throw nothing, leave the keys as they were,
 * and end it, if at all, with a reason. Seeds: {@code DtlsRecordsFuzzTestInputs/} (flights of a
 * real handshake between our client and server, and truncations of them).
 */
class DtlsRecordsFuzzTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final SelfSignedCertificate OURS =
      SelfSignedCertificate.generate(RANDOM, Instant.now(), Duration.ofDays(1));
  private static final SelfSignedCertificate THEIRS =
      SelfSignedCertificate.generate(RANDOM, Instant.now(), Duration.ofDays(1));
  private static final List<SrtpProfile> PROFILES =
      List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);

  private static DtlsSettings settings(SelfSignedCertificate peer, int timeoutMillis) {
    return new DtlsSettings(
        peer == THEIRS ? OURS : THEIRS,
        CertificateFingerprint.of(peer.der()),
        PROFILES,
        10,
        timeoutMillis);
  }

  @FuzzTest(maxDuration = "10m")
  void handshakeRecords(byte[] data) {
    Wire wire = new Wire();
    DtlsAssociation server = new DtlsAssociation(wire, reason -> {});
    for (byte[] d : Wire.datagrams(data)) {
      server.onDatagram(d, 0, d.length);
    }
    assertThatThrownBy(() -> server.handshake(settings(THEIRS, 60), false, RANDOM))
        .isInstanceOf(IOException.class);
    assertThat(wire.sent).hasSizeLessThanOrEqualTo(64);
  }

  @FuzzTest(maxDuration = "10m")
  void establishedRecords(byte[] data) throws Exception {
    Wire toServer = new Wire();
    Wire toClient = new Wire();
    AtomicReference<String> ended = new AtomicReference<>();
    DtlsAssociation client = new DtlsAssociation(toServer, reason -> {});
    DtlsAssociation server = new DtlsAssociation(toClient, ended::set);
    toServer.to(d -> server.onDatagram(d, 0, d.length));
    toClient.to(d -> client.onDatagram(d, 0, d.length));
    CompletableFuture<SrtpKeys> clientKeys =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return client.handshake(settings(OURS, 5_000), true, RANDOM);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    SrtpKeys keys = server.handshake(settings(THEIRS, 5_000), false, RANDOM);
    assertThat(clientKeys.get(5, TimeUnit.SECONDS).receive()).isEqualTo(keys.send());

    for (byte[] d : Wire.datagrams(data)) {
      server.onDatagram(d, 0, d.length);
    }
    String reason = ended.get();
    if (reason != null) {
      assertThat(reason).startsWith("the peer").doesNotContain("null");
    }
    client.close();
    server.close();
  }
}
