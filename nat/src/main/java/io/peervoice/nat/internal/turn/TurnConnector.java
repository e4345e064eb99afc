package io.peervoice.nat.internal.turn;

import io.peervoice.nat.TurnServer;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.StreamConnection;
import io.peervoice.natives.StreamFraming;
import io.peervoice.natives.TlsClientSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Connects a {@link TurnClient} to its server on a media loop: TCP, or TLS 1.2/1.3 checking the
 * server's certificate against {@code trust} and the host name the {@link TurnServer} names (RFC
 * 8656 §3.1 and RFC 7065: {@code turns:}). A name is resolved off the caller's thread (on a small
 * shared pool), and the resolution counts against the connect timeout: {@link #connect} never
 * blocks, and a DNS server that does not answer fails the connection within the timeout.
 */
public final class TurnConnector implements TurnClient.Connector {
  /** Resolves a host name (blocking). */
  @FunctionalInterface
  interface Resolver {
    InetAddress resolve(String host) throws UnknownHostException;
  }

  private static final Executor DNS = dnsPool();

  private final MediaLoop loop;
  private final TurnServer server;
  private final SSLContext trust;
  private final Duration timeout;
  private final Resolver resolver;
  private final Executor resolving;
  private final ScheduledExecutorService deadlines;

  /**
   * @param trust the TLS context whose trust managers check the server (the JDK's default trust
   *     store if null); unused over TCP
   * @param timeout bound on name resolution and TCP connect together, and on the TLS handshake
   */
  public TurnConnector(MediaLoop loop, TurnServer server, SSLContext trust, Duration timeout) {
    this(loop, server, trust, timeout, InetAddress::getByName, DNS, loop.executor());
  }

  TurnConnector(
      MediaLoop loop,
      TurnServer server,
      SSLContext trust,
      Duration timeout,
      Resolver resolver,
      Executor resolving,
      ScheduledExecutorService deadlines) {
    if (server.transport() == TurnServer.Transport.UDP) {
      throw new IllegalArgumentException("TURN over UDP is ice4j's: " + server);
    }
    this.loop = loop;
    this.server = server;
    this.trust = trust;
    this.timeout = timeout;
    this.resolver = resolver;
    this.resolving = resolving;
    this.deadlines = deadlines;
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
    return resolve()
        .thenCompose(remote -> loop.connect(remote, settings, framing, timeout, listener));
  }

  private CompletableFuture<InetSocketAddress> resolve() {
    CompletableFuture<InetSocketAddress> done = new CompletableFuture<>();
    if (io.peervoice.nat.IpLiteral.isIpLiteral(server.host())) {
      try { // a literal is parsed, never looked up
        return CompletableFuture.completedFuture(
            new InetSocketAddress(InetAddress.getByName(server.host()), server.port()));
      } catch (UnknownHostException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
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
    try {
      resolving.execute(
          () -> {
            try {
              done.complete(new InetSocketAddress(resolver.resolve(server.host()), server.port()));
            } catch (UnknownHostException | RuntimeException e) {
              done.completeExceptionally(
                  new UnknownHostException("cannot resolve TURN server " + server.host()));
            } finally {
              deadline.cancel(false);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      deadline.cancel(false);
      done.completeExceptionally(
          new UnknownHostException(
              "cannot resolve TURN server " + server.host() + ": too many lookups waiting"));
    }
    return done;
  }

  private static Executor dnsPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "turn-dns");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
