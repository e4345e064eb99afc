package io.peervoice.nat;

import io.peervoice.nat.internal.turn.TurnClient;
import io.peervoice.nat.internal.turn.TurnClientSettings;
import io.peervoice.nat.internal.turn.TurnConnector;
import io.peervoice.nat.internal.turn.TurnException;
import io.peervoice.natives.MediaLoops;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One TURN allocation (RFC 8656 <a href="https://www.rfc-editor.org/rfc/rfc8656#section-7">§7</a>)
 * made and released, to tell whether a call could relay through {@code server} from here and over
 * what: over TCP or TLS by our client (the credentials' 401 challenge included), over UDP by
 * ice4j's gathering. For {@code peervoice doctor}.
 *
 * @param server the server asked, with the transport tried
 * @param failure why no relay was allocated, for a person; empty when one was
 * @param errorCode the server's STUN error code (e.g. 401 for rejected credentials), or 0
 * @param allocateMicros from the start (connect, TLS handshake, both Allocate transactions) to the
 *     relayed address, or -1
 * @param relayed the relayed address, if allocated
 * @param tlsProtocol the TLS version negotiated (e.g. {@code TLSv1.3}) over TLS
 */
public record TurnProbe(
    TurnServer server,
    Optional<String> failure,
    int errorCode,
    long allocateMicros,
    Optional<InetSocketAddress> relayed,
    Optional<String> tlsProtocol) {

  /** Whether a relay was allocated. */
  public boolean allocated() {
    return failure.isEmpty();
  }

  /**
   * Allocates a relay on {@code server} over its transport and releases it.
   *
   * @param trust the CA certificates a TLS server's certificate must chain to; null for the JDK's
   *     default trust store (which {@code javax.net.ssl.trustStore} configures)
   * @param wait how long the allocation may take
   */
  public static TurnProbe allocate(TurnServer server, KeyStore trust, Duration wait)
      throws InterruptedException {
    return server.transport() == TurnServer.Transport.UDP
        ? overUdp(server, wait)
        : overStream(server, context(trust), wait);
  }

  private static SSLContext context(KeyStore trust) {
    if (trust == null) {
      return null;
    }
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, f.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS", e);
    }
  }

  private static TurnProbe overStream(TurnServer server, SSLContext trust, Duration wait)
      throws InterruptedException {
    long start = System.nanoTime();
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (MediaLoops loops = MediaLoops.create(1, "peervoice-turn-probe")) {
      // half the time to connect, so that a server TCP cannot reach is named as such
      TurnConnector connector = new TurnConnector(loops.next(), server, trust, wait.dividedBy(2));
      TurnClient client =
          TurnClient.allocate(
                  TurnClientSettings.of(server),
                  connector,
                  timers,
                  System::currentTimeMillis,
                  new TurnClient.Listener() {
                    @Override
                    public void data(InetSocketAddress peer, byte[] d, int offset, int length) {}

                    @Override
                    public void failed(String reason) {}
                  })
              .get(wait.toMillis(), TimeUnit.MILLISECONDS);
      long micros = (System.nanoTime() - start) / 1_000;
      try {
        return new TurnProbe(
            server,
            Optional.empty(),
            0,
            micros,
            Optional.of(client.relayedAddress()),
            Optional.ofNullable(client.tlsProtocol()));
      } finally {
        client.close();
        try {
          client.released().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          // the allocation times out on the server
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      int code = cause instanceof TurnException t ? t.errorCode() : 0;
      return failed(server, String.valueOf(cause.getMessage()), code);
    } catch (TimeoutException e) {
      return failed(server, "no relay within " + wait.toMillis() + " ms", 0);
    } finally {
      timers.shutdownNow();
    }
  }

  private static TurnProbe overUdp(TurnServer server, Duration wait) throws InterruptedException {
    long start = System.nanoTime();
    ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1);
    IceConfig config =
        IceConfig.builder().loopbackFallback(false).relayOnly(true).addTurnServer(server).build();
    try (IceSession session = IceSessions.open(config, IceRole.CONTROLLING, clock, Thread::new)) {
      List<IceCandidate> found = session.gatherAll(wait);
      long micros = (System.nanoTime() - start) / 1_000;
      return found.stream()
          .filter(c -> c.type() == CandidateType.RELAYED)
          .findFirst()
          .map(
              c ->
                  new TurnProbe(
                      server,
                      Optional.empty(),
                      0,
                      micros,
                      Optional.of(new InetSocketAddress(c.address(), c.port())),
                      Optional.empty()))
          .orElseGet(
              () ->
                  failed(
                      server,
                      "no relay allocated (no answer over UDP, or the credentials were refused)",
                      0));
    } catch (IceException e) {
      return failed(server, e.getMessage(), 0);
    } finally {
      clock.shutdownNow();
    }
  }

  private static TurnProbe failed(TurnServer server, String why, int code) {
    return new TurnProbe(server, Optional.of(why), code, -1, Optional.empty(), Optional.empty());
  }
}
