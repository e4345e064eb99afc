package io.peervoice.nat.internal;

import io.peervoice.nat.TurnServer;
import io.peervoice.nat.internal.turn.TurnClient;
import io.peervoice.nat.internal.turn.TurnClientSettings;
import io.peervoice.nat.internal.turn.TurnConnector;
import io.peervoice.natives.MediaLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relayed candidates from TURN servers reached over TCP or TLS (ice4j's own TURN client is UDP
 * only): for one server, a {@link TurnClient} on the call's media loop allocates a UDP relay, and
 * the relay joins the ICE session as a {@link StreamRelayedCandidate} registered with the agent's
 * STUN stack like a host candidate. Runs on ice4j's gathering thread (it blocks there until the
 * allocation is made or fails, at most {@link #ALLOCATE_LIMIT}); a failure leaves the session
 * without this relay and its reason in {@link #lastFailure()}.
 */
final class StreamRelayHarvester implements CandidateHarvester {
  private static final Logger log = LoggerFactory.getLogger(StreamRelayHarvester.class);

  /** The longest wait for a connection and its allocation. */
  static final Duration ALLOCATE_LIMIT = Duration.ofSeconds(10);

  private final MediaLoop loop;
  private final TurnServer server;
  private final SSLContext trust;
  private final HarvestStatistics statistics = new HarvestStatistics();
  private final List<TurnClient> clients = new CopyOnWriteArrayList<>();
  private boolean closed; // guarded by this
  private volatile String lastFailure;

  /**
   * @param trust checks a TLS server's certificate (null: the JDK's default trust store)
   */
  StreamRelayHarvester(MediaLoop loop, TurnServer server, SSLContext trust) {
    this.loop = loop;
    this.server = server;
    this.trust = trust;
  }

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    List<LocalCandidate> found = new ArrayList<>();
    Holder holder = new Holder();
    TurnClient client;
    java.util.concurrent.CompletableFuture<TurnClient> allocation =
        TurnClient.allocate(
            TurnClientSettings.of(server),
            new TurnConnector(loop, server, trust, Duration.ofSeconds(5)),
            loop.executor(),
            System::currentTimeMillis,
            holder);
    try {
      client = allocation.get(ALLOCATE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      failed(e.getCause().getMessage());
      return found;
    } catch (TimeoutException e) {
      allocation.thenAccept(TurnClient::close); // a late allocation is released, not leaked
      failed("no TURN allocation on " + server + " within " + ALLOCATE_LIMIT.toSeconds() + " s");
      return found;
    } catch (InterruptedException e) {
      allocation.thenAccept(TurnClient::close);
      Thread.currentThread().interrupt();
      return found;
    }
    synchronized (this) {
      if (closed) { // the session was freed while we gathered
        client.close();
        return found;
      }
    }
    try {
      AdapterSocket adapter =
          new AdapterSocket(
              client.relayedAddress(), (d, off, len, to) -> client.send(to, d, off, len));
      holder.adapter = adapter;
      StreamRelayedCandidate candidate =
          new StreamRelayedCandidate(component, client, server.transport(), adapter);
      if (!component.addLocalCandidate(candidate)) {
        client.close();
        return found;
      }
      candidate.getStunStack().addSocket(candidate.getStunSocket(null));
      synchronized (this) {
        if (closed) {
          client.close();
          return found;
        }
        clients.add(client);
      }
      found.add(candidate);
      log.debug(
          "relayed candidate {} over {} on {}",
          client.relayedAddress(),
          server.transport(),
          server);
    } catch (java.net.SocketException | RuntimeException e) {
      client.close();
      failed("relayed candidate set-up failed: " + e);
    }
    return found;
  }

  private void failed(String reason) {
    lastFailure = reason;
    log.info("no relay on {}: {}", server, reason);
  }

  /** Why the last allocation failed, or null. */
  String lastFailure() {
    return lastFailure;
  }

  /** Releases every allocation (idempotent). */
  void close() {
    synchronized (this) {
      closed = true;
    }
    clients.forEach(TurnClient::close);
  }

  /** Hands relayed data to the candidate's adapter once it exists. */
  private static final class Holder implements TurnClient.Listener {
    volatile AdapterSocket adapter;

    @Override
    public void data(InetSocketAddress peer, byte[] data, int offset, int length) {
      AdapterSocket a = adapter;
      if (a != null) {
        a.offer(data, offset, length, peer);
      }
    }

    @Override
    public void failed(String reason) {
      log.info("TURN relay lost: {}", reason);
    }
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return statistics;
  }

  @Override
  public boolean isHostHarvester() {
    return false;
  }
}
