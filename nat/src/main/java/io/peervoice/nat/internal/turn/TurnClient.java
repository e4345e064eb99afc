package io.peervoice.nat.internal.turn;

import io.peervoice.nat.TurnServer;
import io.peervoice.nat.internal.stun.StunMessage;
import io.peervoice.natives.StreamConnection;
import io.peervoice.natives.StreamFraming;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TURN client (RFC 8656) over one TCP or TLS connection to the server, with a UDP relay: the
 * Allocate with the long-term credential challenge (<a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-7.2">§7.2</a>, RFC 8489 §9.2: 401 gives the
 * realm and nonce, 438 a fresh nonce), Refresh before the lifetime ends and with lifetime 0 on
 * {@link #close} (§8), and the peers' permissions, channels and data ({@link TurnRelay}). Every
 * response is checked: its transaction must be outstanding, and a success response to an
 * authenticated request must carry a valid MESSAGE-INTEGRITY. Thread-safe: frames arrive on the
 * connection's loop, sends from any thread, timers on the injected scheduler; state is guarded by
 * this object's lock, and listener calls are made outside it.
 */
public final class TurnClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TurnClient.class);

  /** Attempts with a fresh nonce (438) before giving up. */
  static final int STALE_NONCE_RETRIES = 3;

  /** Receives relayed data and the end of the allocation. */
  public interface Listener {
    /**
     * Data a peer sent to the relayed address; on the connection's loop thread, {@code data} is
     * reused after return: copy what you keep.
     */
    void data(InetSocketAddress peer, byte[] data, int offset, int length);

    /** The allocation ended without {@link #close}: the reason, for a person. Called once. */
    void failed(String reason);
  }

  /** Opens the connection to the server with the given framing and listener. */
  @FunctionalInterface
  public interface Connector {
    CompletableFuture<StreamConnection> connect(
        StreamFraming framing, StreamConnection.Listener listener);
  }

  private final TurnClientSettings settings;
  private final ScheduledExecutorService timers;
  private final LongSupplier nowMillis;
  private final Listener listener;
  private final TurnTransport transport;
  private final CompletableFuture<TurnClient> allocated = new CompletableFuture<>();
  private final CompletableFuture<Boolean> released = new CompletableFuture<>();
  private final TurnRelay relay;
  private TurnState state = TurnState.CONNECTING;
  private InetSocketAddress relayedAddress;
  private InetSocketAddress mappedAddress;
  private final TurnRefresher refresher;
  private final TurnAllocator allocator;
  private final AfterLock outside = new AfterLock();

  private TurnClient(
      TurnClientSettings settings,
      ScheduledExecutorService timers,
      LongSupplier nowMillis,
      Listener listener) {
    this.settings = settings;
    this.timers = timers;
    this.nowMillis = nowMillis;
    this.listener = listener;
    TurnServer server = settings.server();
    this.transport =
        new TurnTransport(
            settings.transactionTimeout().toMillis(),
            timers,
            new LongTermCredentials(server.username(), server.password()),
            this::timedOut);
    this.relay = new TurnRelay(this, nowMillis, listener);
    this.allocator =
        new TurnAllocator(
            transport, settings, this::server, this::allocatedAt, this::failAllocation);
    this.refresher =
        new TurnRefresher(
            () -> state == TurnState.ALLOCATED,
            this::endRefreshed,
            this,
            this::runOutside,
            transport,
            timers,
            nowMillis,
            settings.transactionTimeout().toMillis(),
            settings.lifetime().toSeconds());
  }

  /**
   * Connects and allocates a UDP relay.
   *
   * @param timers runs refreshes and request timeouts (e.g. the connection's loop)
   * @param nowMillis the clock the timers follow, in milliseconds
   * @return completes with the allocated client, or fails with a {@link TurnException} saying why
   */
  public static CompletableFuture<TurnClient> allocate(
      TurnClientSettings settings,
      Connector connector,
      ScheduledExecutorService timers,
      LongSupplier nowMillis,
      Listener listener) {
    TurnClient client = new TurnClient(settings, timers, nowMillis, listener);
    connector.connect(TurnFraming.INSTANCE, client.new Stream()).whenComplete(client::connected);
    return client.allocated;
  }

  private void connected(StreamConnection c, Throwable e) {
    if (e != null) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
      allocated.completeExceptionally(
          new TurnException(
              "cannot reach TURN server " + server() + ": " + cause.getMessage(), 0, cause));
      return;
    }
    synchronized (this) {
      transport.connected(c);
      if (state == TurnState.CONNECTING) {
        state = TurnState.ALLOCATING;
        allocator.send(0);
      } else {
        c.close(); // closed while connecting
      }
    }
    runOutside();
  }

  /** The relayed transport address peers send to (XOR-RELAYED-ADDRESS). */
  public synchronized InetSocketAddress relayedAddress() {
    return relayedAddress;
  }

  /** This side's address as the server saw it (XOR-MAPPED-ADDRESS), or null if not given. */
  public synchronized InetSocketAddress mappedAddress() {
    return mappedAddress;
  }

  /** The server's address. */
  public synchronized InetSocketAddress serverAddress() {
    return transport.connection() == null ? null : transport.connection().remoteAddress();
  }

  /** The TLS protocol negotiated, or null over TCP. */
  public synchronized String tlsProtocol() {
    StreamConnection c = transport.connection();
    return c == null ? null : c.tlsProtocol();
  }

  /** The allocation's lifetime as last granted, in seconds. */
  public synchronized long lifetimeSeconds() {
    return refresher.lifetimeSeconds();
  }

  /** Frames dropped: malformed, unexpected, failing MESSAGE-INTEGRITY, unknown channel. */
  public synchronized long droppedFrames() {
    return transport.droppedFrames() + relay.tally.droppedReceived;
  }

  /** Datagrams not relayed: closed, table full, queue overflow, back-pressure. */
  public synchronized long droppedSends() {
    return relay.tally.droppedSends;
  }

  /**
   * Sends {@code data} to {@code peer} through the relay (copied before return): as ChannelData
   * once the peer's channel is bound, as a Send indication once permitted, queued (bounded) while
   * the permission is created. Never blocks.
   */
  public void send(InetSocketAddress peer, byte[] data, int offset, int length) {
    synchronized (this) {
      if (state != TurnState.ALLOCATED) {
        relay.tally.droppedSends++;
        return;
      }
      relay.send(peer, data, offset, length);
    }
    runOutside();
  }

  /**
   * The least round trip to the TURN server over the client's requests and their responses
   * (Allocate, Refresh, CreatePermission, ChannelBind): the path's own delay, without the first
   * requests' warm-up; empty before the first response.
   */
  public synchronized java.util.Optional<java.time.Duration> roundTrip() {
    return transport.roundTrips().min();
  }

  /** Refreshes granted and requests in flight (tests and reports). */
  synchronized TurnCounters counters() {
    return new TurnCounters(
        refresher.refreshes(),
        relay.tally.permissionRefreshes,
        relay.tally.channelRefreshes,
        transport.pending(),
        transport.nonceRenewals());
  }

  /** Whether {@code peer} has a permission (tests, reports). */
  public synchronized boolean permitted(InetSocketAddress peer) {
    return relay.permitted(peer);
  }

  /** Whether {@code peer}'s channel is bound (tests, reports). */
  public synchronized boolean channelBound(InetSocketAddress peer) {
    return relay.channelBound(peer);
  }

  /**
   * Completes once the allocation is released: true if the server confirmed the Refresh with
   * lifetime 0, false if it was lost (connection gone, no answer).
   */
  public CompletableFuture<Boolean> released() {
    return released;
  }

  /** Releases the allocation (Refresh with LIFETIME 0, §8) and then closes the connection. */
  @Override
  public void close() {
    synchronized (this) {
      if (state == TurnState.CLOSING || state == TurnState.CLOSED) {
        return;
      }
      if (state == TurnState.ALLOCATED) {
        state = TurnState.CLOSING;
        refresher.release();
      } else {
        end(null);
      }
    }
    runOutside();
  }

  String server() {
    TurnServer s = settings.server();
    return s.host() + ":" + s.port() + " (" + s.transport().label() + ")";
  }

  /** The Allocate succeeded: the relay is live. */
  private void allocatedAt(InetSocketAddress relayed, InetSocketAddress mapped, long lifetime) {
    relayedAddress = relayed;
    mappedAddress = mapped;
    state = TurnState.ALLOCATED;
    refresher.start(lifetime);
    relay.start(timers);
    log.debug("TURN allocation {} on {}", relayedAddress, server());
    outside.add(() -> allocated.complete(this));
  }

  private void failAllocation(TurnException e) {
    outside.add(() -> allocated.completeExceptionally(e));
    end(e.getMessage());
  }

  /** Ends the allocation after the refresher's last word ({@code confirmed}: released). */
  private void endRefreshed(String reason, boolean confirmed) {
    if (confirmed) {
      outside.add(() -> released.complete(true));
    }
    end(reason);
  }

  private void end(String reason) {
    if (state == TurnState.CLOSED) {
      return;
    }
    boolean wasAllocated = state == TurnState.ALLOCATED;
    state = TurnState.CLOSED;
    refresher.cancel();
    relay.stop();
    transport.failAll("TURN client closed");
    StreamConnection c = transport.connection();
    if (c != null) {
      outside.add(c::close);
    }
    outside.add(() -> released.complete(false));
    if (reason != null) {
      outside.add(() -> allocated.completeExceptionally(new TurnException(reason)));
      if (wasAllocated) {
        log.info("TURN allocation on {} ended: {}", server(), reason);
        outside.add(() -> listener.failed(reason));
      }
    }
  }

  /** Runs the listener calls queued under the lock, outside it. */
  void runOutside() {
    outside.run();
  }

  private void timedOut(byte[] tid) {
    synchronized (this) {
      transport.timedOut(tid);
    }
    runOutside();
  }

  /** The client's connection side, for the relay (under the lock). */
  TurnTransport wire() {
    return transport;
  }

  void later(Runnable r) {
    outside.add(r);
  }

  /** The connection's frames: responses, Data indications, ChannelData. */
  private final class Stream implements StreamConnection.Listener {
    @Override
    public void frame(byte[] data, int offset, int length) {
      if ((data[offset] & 0xC0) != 0) {
        relay.channelData(data, offset, length); // no lock: delivered straight to the listener
        return;
      }
      synchronized (TurnClient.this) {
        StunMessage indication = transport.onStun(data, offset, length);
        if (indication != null) {
          relay.dataIndication(indication);
        }
      }
      runOutside();
    }

    @Override
    public void closed(Throwable cause) {
      synchronized (TurnClient.this) {
        if (state == TurnState.CLOSING) {
          end(null);
        } else {
          end(
              "connection to TURN server "
                  + server()
                  + " closed"
                  + (cause == null ? "" : ": " + cause.getMessage()));
        }
      }
      runOutside();
    }
  }
}
