package io.peervoice.nat.internal.turn;

import io.peervoice.nat.TurnServer;
import io.peervoice.nat.internal.stun.DecodedStun;
import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunFormatException;
import io.peervoice.nat.internal.stun.StunMessage;
import io.peervoice.natives.StreamConnection;
import io.peervoice.natives.StreamFraming;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  private enum State {
    CONNECTING,
    ALLOCATING,
    ALLOCATED,
    CLOSING,
    CLOSED
  }

  private final TurnClientSettings settings;
  private final ScheduledExecutorService timers;
  private final LongSupplier nowMillis;
  private final Listener listener;
  private final TurnTransport transport;
  private final CompletableFuture<TurnClient> allocated = new CompletableFuture<>();
  private final CompletableFuture<Boolean> released = new CompletableFuture<>();
  private final TurnRelay relay;
  private State state = State.CONNECTING;
  private InetSocketAddress relayedAddress;
  private InetSocketAddress mappedAddress;
  private long lifetimeSeconds;
  private long refreshes;
  private java.util.concurrent.ScheduledFuture<?> refreshTimer;
  private final List<Runnable> outside = new ArrayList<>(); // listener calls, run after the lock

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
    connector
        .connect(TurnFraming.INSTANCE, client.new Stream())
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                Throwable cause =
                    e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                client.allocated.completeExceptionally(
                    new TurnException(
                        "cannot reach TURN server " + client.server() + ": " + cause.getMessage(),
                        0,
                        cause));
                return;
              }
              synchronized (client) {
                client.transport.connected(c);
                if (client.state == State.CONNECTING) {
                  client.state = State.ALLOCATING;
                  client.sendAllocate(0);
                } else {
                  c.close(); // closed while connecting
                }
              }
              client.runOutside();
            });
    return client.allocated;
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
  public InetSocketAddress serverAddress() {
    StreamConnection c;
    synchronized (this) {
      c = transport.connection();
    }
    return c == null ? null : c.remoteAddress();
  }

  /** How this side reaches the server (TCP or TLS). */
  public TurnServer.Transport transport() {
    return settings.server().transport();
  }

  /** The TLS protocol negotiated, or null over TCP. */
  public synchronized String tlsProtocol() {
    StreamConnection c = transport.connection();
    return c == null ? null : c.tlsProtocol();
  }

  /** The allocation's lifetime as last granted, in seconds. */
  public synchronized long lifetimeSeconds() {
    return lifetimeSeconds;
  }

  /** Frames dropped: malformed, unexpected, failing MESSAGE-INTEGRITY, unknown channel. */
  public synchronized long droppedFrames() {
    return transport.droppedFrames() + relay.droppedReceived();
  }

  /** Datagrams not relayed: closed, table full, queue overflow, back-pressure. */
  public synchronized long droppedSends() {
    return relay.droppedSends();
  }

  /**
   * Sends {@code data} to {@code peer} through the relay (copied before return): as ChannelData
   * once the peer's channel is bound, as a Send indication once permitted, queued (bounded) while
   * the permission is created. Never blocks.
   */
  public void send(InetSocketAddress peer, byte[] data, int offset, int length) {
    synchronized (this) {
      if (state != State.ALLOCATED) {
        relay.countDroppedSend();
        return;
      }
      relay.send(peer, data, offset, length);
    }
    runOutside();
  }

  /** Requests awaiting their response. */
  synchronized int pendingRequests() {
    return transport.pending();
  }

  /** Allocation refreshes the server granted. */
  synchronized long refreshes() {
    return refreshes;
  }

  /** Permission refreshes granted (not counting the first grant). */
  synchronized long permissionRefreshes() {
    return relay.permissionRefreshes();
  }

  /** Channel binding refreshes granted (not counting the first binding). */
  synchronized long channelRefreshes() {
    return relay.channelRefreshes();
  }

  /** Whether {@code peer} has a permission (test and report use). */
  public synchronized boolean permitted(InetSocketAddress peer) {
    return relay.permitted(peer);
  }

  /** Whether {@code peer}'s channel is bound. */
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
      if (state == State.CLOSING || state == State.CLOSED) {
        return;
      }
      cancelRefresh();
      if (state == State.ALLOCATED) {
        state = State.CLOSING;
        sendRefresh(0, 0);
      } else {
        end(null);
      }
    }
    runOutside();
  }

  private String server() {
    TurnServer s = settings.server();
    return s.host() + ":" + s.port() + " (" + s.transport().label() + ")";
  }

  // --- allocation -----------------------------------------------------------------------------

  private void sendAllocate(int staleRetries) {
    List<StunAttribute> attributes =
        List.of(
            TurnAttributes.requestedTransportUdp(),
            TurnAttributes.lifetime(settings.lifetime().toSeconds()));
    java.util.function.Function<byte[], List<StunAttribute>> build = tid -> attributes;
    boolean authenticated = transport.authenticating();
    boolean sent =
        transport.request(
            StunMessage.ALLOCATE,
            build,
            new TurnRequests.Outcome() {
              @Override
              public void response(DecodedStun r) {
                onAllocateResponse(r, authenticated, staleRetries);
              }

              @Override
              public void noResponse(String why) {
                failAllocation(
                    new TurnException(
                        "TURN server " + server() + " gave no Allocate answer: " + why));
              }
            });
    if (!sent) {
      failAllocation(new TurnException("could not send the Allocate to " + server()));
    }
  }

  private void onAllocateResponse(DecodedStun r, boolean authenticated, int staleRetries) {
    StunMessage m = r.message();
    try {
      if (m.messageClass() == StunClass.SUCCESS_RESPONSE) {
        StunAttribute relayed = m.first(StunAttributes.XOR_RELAYED_ADDRESS);
        if (relayed == null) {
          failAllocation(new TurnException("TURN server's Allocate answer had no relayed address"));
          return;
        }
        relayedAddress = StunAttributes.readXorAddress(relayed, m.transactionId());
        StunAttribute mapped = m.first(StunAttributes.XOR_MAPPED_ADDRESS);
        mappedAddress =
            mapped == null ? null : StunAttributes.readXorAddress(mapped, m.transactionId());
        lifetimeSeconds = TurnAttributes.readLifetime(m.first(StunAttributes.LIFETIME), 600);
        state = State.ALLOCATED;
        scheduleRefresh();
        relay.start(timers);
        log.debug("TURN allocation {} on {} for {} s", relayedAddress, server(), lifetimeSeconds);
        outside.add(() -> allocated.complete(this));
        return;
      }
      int code = TurnTransport.errorCode(m);
      if (code == 401 && !authenticated) {
        if (!transport.rechallenge(r)) {
          failAllocation(
              new TurnException("TURN server's 401 carried no usable REALM and NONCE", 401, null));
          return;
        }
        sendAllocate(staleRetries);
      } else if (code == 438 && staleRetries < STALE_NONCE_RETRIES && transport.rechallenge(r)) {
        sendAllocate(staleRetries + 1);
      } else if (code == 401) {
        failAllocation(
            new TurnException(
                "TURN server rejected the credentials (401 Unauthorized) for user '"
                    + settings.server().username()
                    + "' on "
                    + server(),
                401,
                null));
      } else {
        failAllocation(
            new TurnException(
                "TURN server "
                    + server()
                    + " refused the allocation: "
                    + code
                    + " "
                    + TurnTransport.reason(m),
                code,
                null));
      }
    } catch (StunFormatException e) {
      failAllocation(
          new TurnException("TURN server's Allocate answer was malformed: " + e.getMessage()));
    }
  }

  private void failAllocation(TurnException e) {
    outside.add(() -> allocated.completeExceptionally(e));
    end(e.getMessage());
  }

  private void scheduleRefresh() {
    cancelRefresh();
    long lifetimeMillis = lifetimeSeconds * 1000;
    long in = lifetimeSeconds > 120 ? lifetimeMillis - 60_000 : lifetimeMillis / 2;
    refreshTimer = timers.schedule(this::refreshNow, Math.max(1000, in), TimeUnit.MILLISECONDS);
  }

  private void cancelRefresh() {
    if (refreshTimer != null) {
      refreshTimer.cancel(false);
      refreshTimer = null;
    }
  }

  private void refreshNow() {
    synchronized (this) {
      if (state == State.ALLOCATED) {
        sendRefresh(settings.lifetime().toSeconds(), 0);
      }
    }
    runOutside();
  }

  private void sendRefresh(long lifetime, int staleRetries) {
    boolean sent =
        transport.request(
            StunMessage.REFRESH,
            tid -> List.of(TurnAttributes.lifetime(lifetime)),
            new TurnRequests.Outcome() {
              @Override
              public void response(DecodedStun r) {
                onRefreshResponse(r, lifetime, staleRetries);
              }

              @Override
              public void noResponse(String why) {
                refreshFailed("TURN allocation refresh got no answer: " + why);
              }
            });
    if (!sent) {
      refreshFailed("could not send the TURN Refresh");
    }
  }

  private void onRefreshResponse(DecodedStun r, long lifetime, int staleRetries) {
    StunMessage m = r.message();
    if (m.messageClass() == StunClass.SUCCESS_RESPONSE) {
      if (lifetime == 0) {
        outside.add(() -> released.complete(true));
        end(null);
        return;
      }
      try {
        lifetimeSeconds = TurnAttributes.readLifetime(m.first(StunAttributes.LIFETIME), lifetime);
      } catch (StunFormatException e) {
        lifetimeSeconds = lifetime;
      }
      refreshes++;
      scheduleRefresh();
      return;
    }
    int code = TurnTransport.errorCode(m);
    if (code == 438 && staleRetries < STALE_NONCE_RETRIES && transport.rechallenge(r)) {
      sendRefresh(lifetime, staleRetries + 1);
    } else if (lifetime == 0 && code == 437) {
      outside.add(() -> released.complete(true)); // already gone
      end(null);
    } else {
      refreshFailed("TURN allocation refresh refused: " + code + " " + TurnTransport.reason(m));
    }
  }

  private void refreshFailed(String reason) {
    if (state == State.CLOSING) {
      end(null);
      return;
    }
    end(reason);
  }

  /** Ends the allocation: fails what is pending, closes the connection, tells the listener. */
  private void end(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasAllocated = state == State.ALLOCATED;
    state = State.CLOSED;
    cancelRefresh();
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
    List<Runnable> tasks;
    synchronized (this) {
      if (outside.isEmpty()) {
        return;
      }
      tasks = List.copyOf(outside);
      outside.clear();
    }
    for (Runnable r : tasks) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("TURN listener failed", e);
      }
    }
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

  // --- the stream -----------------------------------------------------------------------------

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
        if (state == State.CLOSING) {
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
