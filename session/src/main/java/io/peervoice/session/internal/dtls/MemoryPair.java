package io.peervoice.session.internal.dtls;

import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceRole;
import io.peervoice.session.KeyingPath;
import io.peervoice.session.dtls.CertificateFingerprint;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A DTLS-SRTP handshake between two associations in this process, each sending straight into the
 * other: for the warm-up, so that a call's first handshake runs compiled code with its classes
 * loaded.
 */
public final class MemoryPair {
  private MemoryPair() {}

  /**
   * Runs one handshake (the client on a thread of its own) and returns whether both ends derived
   * mirrored keys.
   *
   * @throws IOException if the handshake failed or took more than 10 s
   */
  public static boolean handshake(SecureRandom random) throws IOException {
    SelfSignedCertificate a =
        SelfSignedCertificate.generate(random, Instant.now(), Duration.ofHours(1));
    SelfSignedCertificate b =
        SelfSignedCertificate.generate(random, Instant.now(), Duration.ofHours(1));
    List<SrtpProfile> profiles = List.of(SrtpProfile.AEAD_AES_128_GCM);
    Path toServer = new Path();
    Path toClient = new Path();
    DtlsAssociation client = new DtlsAssociation(toServer, reason -> {});
    DtlsAssociation server = new DtlsAssociation(toClient, reason -> {});
    toServer.peer = server;
    toClient.peer = client;
    CompletableFuture<SrtpKeys> clientKeys = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                clientKeys.complete(
                    client.handshake(
                        new DtlsSettings(
                            a, CertificateFingerprint.of(b.der()), profiles, 1_000, 10_000),
                        true,
                        random));
              } catch (IOException | RuntimeException e) {
                clientKeys.completeExceptionally(e);
              }
            },
            "peervoice-dtls-warm-up");
    thread.setDaemon(true);
    thread.start();
    try {
      SrtpKeys keys =
          server.handshake(
              new DtlsSettings(b, CertificateFingerprint.of(a.der()), profiles, 1_000, 10_000),
              false,
              random);
      return keys.receive().equals(clientKeys.get(10, TimeUnit.SECONDS).send());
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("DTLS warm-up handshake failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      client.close();
      server.close();
    }
  }

  /** One direction: what is sent goes to the peer association at once. */
  private static final class Path implements KeyingPath {
    private volatile DtlsAssociation peer;

    @Override
    public IceRole iceRole() {
      return IceRole.CONTROLLING;
    }

    @Override
    public int iceRestarts() {
      return 0;
    }

    @Override
    public IceCandidate localCandidate() {
      return null;
    }

    @Override
    public IceCandidate remoteCandidate() {
      return null;
    }

    @Override
    public void send(byte[] data, int offset, int length) {
      DtlsAssociation to = peer;
      if (to != null) {
        to.onDatagram(data, offset, length);
      }
    }

    @Override
    public void receive(DatagramHandler handler) {}
  }
}
