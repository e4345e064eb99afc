package io.peervoice.nat.internal.turn;

import io.peervoice.nat.TurnServer;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.StreamConnection;
import io.peervoice.natives.StreamFraming;
import io.peervoice.natives.TlsClientSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;

/**
 * Connects a {@link TurnClient} to its server on a media loop: TCP, or TLS 1.2/1.3 checking the
 * server's certificate against {@code trust} and the host name the {@link TurnServer} names (RFC
 * 8656 §3.1 and RFC 7065: {@code turns:}). A name is resolved off the caller's thread ({@link
 * TurnDns}), and the resolution counts against the connect timeout: the TCP connect gets what the
 * lookup left of it, {@link #connect} never blocks, and a DNS server that does not answer fails the
 * connection within the timeout.
 */
public final class TurnConnector implements TurnClient.Connector {
  /** Opens the stream connection ({@link MediaLoop#connect}). */
  @FunctionalInterface
  interface Dialer {
    CompletableFuture<StreamConnection> dial(
        InetSocketAddress remote,
        TlsClientSettings tls,
        StreamFraming framing,
        Duration timeout,
        StreamConnection.Listener listener);
  }

  private final TurnServer server;
  private final SSLContext trust;
  private final Duration timeout;
  private final TurnDns dns;
  private final Dialer dialer;
  private final ScheduledExecutorService deadlines;
  private final LongSupplier millis;

  /**
   * Resolves names on {@link TurnDns#shared()}.
   *
   * @param trust the TLS context whose trust managers check the server (the JDK's default trust
   *     store if null); unused over TCP
   * @param timeout bound on name resolution and TCP connect together, and on the TLS handshake
   */
  public TurnConnector(MediaLoop loop, TurnServer server, SSLContext trust, Duration timeout) {
    this(loop, server, trust, timeout, TurnDns.shared());
  }

  /**
   * @param dns looks up the server's name
   * @see #TurnConnector(MediaLoop, TurnServer, SSLContext, Duration)
   */
  public TurnConnector(
      MediaLoop loop, TurnServer server, SSLContext trust, Duration timeout, TurnDns dns) {
    this(
        server,
        trust,
        timeout,
        dns,
        loop::connect,
        loop.executor(),
        () -> System.nanoTime() / 1_000_000);
  }

  TurnConnector(
      TurnServer server,
      SSLContext trust,
      Duration timeout,
      TurnDns dns,
      Dialer dialer,
      ScheduledExecutorService deadlines,
      LongSupplier millis) {
    if (server.transport() == TurnServer.Transport.UDP) {
      throw new IllegalArgumentException("TURN over UDP is ice4j's: " + server);
    }
    this.server = server;
    this.trust = trust;
    this.timeout = timeout;
    this.dns = dns;
    this.dialer = dialer;
    this.deadlines = deadlines;
    this.millis = millis;
  }

  @Override
  public CompletableFuture<StreamConnection> connect(
      StreamFraming framing, StreamConnection.Listener listener) {
    TlsClientSettings tls = null;
    if (server.transport() == TurnServer.Transport.TLS) {
      tls =
          trust == null
              ? TlsClientSettings.jdkDefault(server.host())
              : new TlsClientSettings(trust, server.host(), null);
    }
    TlsClientSettings settings = tls;
    long start = millis.getAsLong();
    return resolve()
        .thenCompose(
            remote -> {
              long left = timeout.toMillis() - (millis.getAsLong() - start);
              if (left <= 0) {
                return CompletableFuture.failedFuture(
                    new SocketTimeoutException(
                        "TURN server "
                            + server.host()
                            + ": resolving its name used the whole connect timeout ("
                            + timeout.toMillis()
                            + " ms)"));
              }
              return dialer.dial(remote, settings, framing, Duration.ofMillis(left), listener);
            });
  }

  private CompletableFuture<InetSocketAddress> resolve() {
    if (io.peervoice.nat.IpLiteral.isIpLiteral(server.host())) {
      try { // a literal is parsed, never looked up
        return CompletableFuture.completedFuture(
            new InetSocketAddress(InetAddress.getByName(server.host()), server.port()));
      } catch (UnknownHostException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    CompletableFuture<InetSocketAddress> done = new CompletableFuture<>();
    var deadline =
        deadlines.schedule(
            () -> {
              done.completeExceptionally(
                  new UnknownHostException(
                      "cannot resolve TURN server "
                          + server.host()
                          + ": no answer within "
                          + timeout.toMillis()
                          + " ms"));
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    dns.lookup(server.host())
        .whenComplete(
            (address, e) -> {
              deadline.cancel(false);
              if (e != null) {
                done.completeExceptionally(e);
              } else {
                done.complete(new InetSocketAddress(address, server.port()));
              }
            });
    return done;
  }
}
