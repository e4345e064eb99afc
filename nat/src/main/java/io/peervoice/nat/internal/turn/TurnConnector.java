package io.peervoice.nat.internal.turn;

import io.peervoice.nat.TurnServer;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.TlsClientSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * Connects a {@link TurnClient} to its server on a media loop: TCP, or TLS 1.2/1.3 checking the
 * server's certificate against {@code trust} and the host name the {@link TurnServer} names (RFC
 * 8656 §3.1 and RFC 7065: {@code turns:}). The name is resolved when {@link #connect} is called, on
 * the caller's thread.
 */
public final class TurnConnector implements TurnClient.Connector {
  private final MediaLoop loop;
  private final TurnServer server;
  private final SSLContext trust;
  private final Duration timeout;

  /**
   * @param trust the TLS context whose trust managers check the server (the JDK's default trust
   *     store if null); unused over TCP
   */
  public TurnConnector(MediaLoop loop, TurnServer server, SSLContext trust, Duration timeout) {
    if (server.transport() == TurnServer.Transport.UDP) {
      throw new IllegalArgumentException("TURN over UDP is ice4j's: " + server);
    }
    this.loop = loop;
    this.server = server;
    this.trust = trust;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<io.peervoice.natives.StreamConnection> connect(
      io.peervoice.natives.StreamFraming framing,
      io.peervoice.natives.StreamConnection.Listener listener) {
    InetSocketAddress remote;
    try {
      remote = new InetSocketAddress(InetAddress.getByName(server.host()), server.port());
    } catch (UnknownHostException e) {
      return CompletableFuture.failedFuture(
          new UnknownHostException("cannot resolve TURN server " + server.host()));
    }
    TlsClientSettings tls = null;
    if (server.transport() == TurnServer.Transport.TLS) {
      tls =
          trust == null
              ? TlsClientSettings.jdkDefault(server.host())
              : new TlsClientSettings(trust, server.host(), null);
    }
    return loop.connect(remote, tls, framing, timeout, listener);
  }
}
