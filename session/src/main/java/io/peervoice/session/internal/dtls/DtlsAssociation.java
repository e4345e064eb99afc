package io.peervoice.session.internal.dtls;

import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.session.KeyingPath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS-SRTP association over a media path with Bouncy Castle: the handshake (blocking, on the
 * thread that calls {@link #handshake}), then the records that come after it (a close_notify, a
 * fatal alert, the peer's retransmitted last flight), handled on the thread they arrive on. The
 * peer's datagrams are queued (bounded) only while an association exists; the queue and Bouncy
 * Castle's reassembly ({@link PeerCore#MAX_MESSAGE}) are the only state a source can make. Once the
 * handshake is over nothing is kept per datagram.
 */
public final class DtlsAssociation {
  private static final Logger log = LoggerFactory.getLogger("io.peervoice.session.dtls");

  private final PathTransport transport;
  private final Consumer<String> onEnd;
  private final Object lock = new Object();
  private final byte[] scratch = new byte[PathTransport.RECEIVE_LIMIT];
  private volatile DTLSTransport established;

  /**
   * @param path the selected path the records go over
   * @param onEnd told once why the association ended (peer's close_notify or fatal alert, failure,
   *     or {@link #close()})
   */
  public DtlsAssociation(KeyingPath path, Consumer<String> onEnd) {
    this.transport = new PathTransport(path);
    this.onEnd = onEnd;
  }

  /** A datagram whose first byte is 20..63 arrived on the path (its buffer is reused after). */
  public void onDatagram(byte[] data, int offset, int length) {
    if (transport.offer(data, offset, length) && established != null) {
      pump();
    }
  }

  /**
   * Runs the handshake as {@code client} or server, blocking until it completes, fails or times
   * out, and returns our send and receive keys from the exporter.
   *
   * @throws IOException with a sentence saying why: the peer's certificate does not match the
   *     expected fingerprint, the peer's alert, no common SRTP profile, a timeout, a close
   */
  public SrtpKeys handshake(DtlsSettings settings, boolean client, SecureRandom random)
      throws IOException {
    BcTlsCrypto crypto = new BcTlsCrypto(random);
    PeerCore core = new PeerCore(settings, crypto);
    DTLSTransport dtls;
    try {
      if (client) {
        dtls = new DTLSClientProtocol().connect(new DtlsClientPeer(crypto, core), transport);
      } else {
        DTLSServerProtocol server = new DTLSServerProtocol();
        server.setVerifyRequests(false); // ICE already proved the address (RFC 8445 §7.2.5)
        dtls = server.accept(new DtlsServerPeer(crypto, core), transport);
      }
    } catch (IOException | RuntimeException e) {
      String reason = reason(e, core, settings);
      transport.close();
      onEnd.accept(reason);
      throw new IOException(reason, e);
    }
    synchronized (lock) {
      if (transport.isClosed()) {
        throw new IOException("the DTLS association was closed during the handshake");
      }
      transport.pump();
      established = dtls;
    }
    pump();
    return core.keys();
  }

  private static String reason(Throwable e, PeerCore core, DtlsSettings settings) {
    if (core.mismatch() != null) {
      return "the peer's DTLS certificate ("
          + core.mismatch().toSdp()
          + ") does not match the fingerprint in its signed description ("
          + settings.expected().toSdp()
          + ")";
    }
    if (e instanceof TlsFatalAlertReceived received) {
      return "the peer refused the DTLS handshake with alert "
          + AlertDescription.getText(received.getAlertDescription());
    }
    if (e instanceof TlsTimeoutException) {
      return "the DTLS handshake timed out after " + settings.timeoutMillis() + " ms";
    }
    if (e instanceof TlsFatalAlert alert) {
      return "DTLS handshake failed ("
          + AlertDescription.getText(alert.getAlertDescription())
          + "): "
          + alert.getMessage();
    }
    return "DTLS handshake failed: " + e.getMessage();
  }

  /** Handles the queued post-handshake records. */
  private void pump() {
    synchronized (lock) {
      DTLSTransport dtls = established;
      while (dtls != null && transport.hasQueued() && !transport.isClosed()) {
        try {
          dtls.receive(scratch, 0, scratch.length, 1); // application data: none expected, dropped
        } catch (InterruptedIOException e) {
          // the queue is empty
        } catch (TlsFatalAlertReceived e) {
          end(
              "the peer ended DTLS with alert "
                  + AlertDescription.getText(e.getAlertDescription()));
        } catch (IOException | RuntimeException e) {
          end("DTLS failed: " + e.getMessage());
        }
      }
      if (dtls != null && transport.isClosed()) {
        end("the peer closed DTLS (close_notify)");
      }
    }
  }

  private void end(String reason) {
    transport.close();
    established = null;
    onEnd.accept(reason);
  }

  /** Datagrams dropped (too big, or the queue full). */
  public long dropped() {
    return transport.dropped();
  }

  /** Sends close_notify if established (RFC 5246 §7.2.1) and stops; a running handshake fails. */
  public void close() {
    synchronized (lock) {
      DTLSTransport dtls = established;
      established = null;
      if (dtls != null) {
        try {
          dtls.close();
        } catch (IOException e) {
          log.debug("DTLS close_notify not sent: {}", e.getMessage());
        }
      }
    }
    transport.close();
    onEnd.accept("closed here");
  }
}
