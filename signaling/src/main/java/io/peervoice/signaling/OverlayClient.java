package io.peervoice.signaling;

import io.peervoice.natives.UdpEndpoint;
import io.peervoice.signaling.internal.overlay.ClientCore;
import io.peervoice.signaling.internal.overlay.ClientParts;
import io.peervoice.signaling.internal.overlay.ClientStreams;
import io.peervoice.signaling.internal.overlay.StreamTiming;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A peer's connection to the rendezvous overlay: stays attached to two nodes, keeps its signed
 * {@link LocationRecord} published, looks peers up and exchanges end-to-end sealed messages with
 * them. It pings each node once per keepalive (25 s by default, which keeps NAT bindings open) and
 * replaces a node at once when a keepalive or any request to it goes unanswered; callers send to
 * every node the record lists, so a message gets through while any of them lives.
 *
 * <pre>{@code
 * try (OverlayClient client = OverlayClient.start(identity, List.of(node1, node2, node3))) {
 *   client.ready().get(5, TimeUnit.SECONDS);
 *   client.onMessage((from, payload) -> System.out.println(from.peerId() + " says hi"));
 *   client.send(friend, "hello".getBytes(UTF_8)).get();
 * }
 * }</pre>
 *
 * <p>Listeners run on the client's single event-loop thread and must not block.
 */
public final class OverlayClient implements AutoCloseable {
  private final UdpEndpoint endpoint;
  private final ClientCore core;
  private final ClientStreams streams;

  private OverlayClient(UdpEndpoint endpoint, ClientCore core, ClientStreams streams) {
    this.endpoint = endpoint;
    this.core = core;
    this.streams = streams;
  }

  /** Binds an ephemeral UDP port and starts attaching to the overlay through {@code bootstrap}. */
  public static OverlayClient start(Identity identity, List<InetSocketAddress> bootstrap)
      throws IOException {
    return start(identity, bootstrap, new InetSocketAddress(0));
  }

  /** As {@link #start(Identity, List)}, on {@code local}. */
  public static OverlayClient start(
      Identity identity, List<InetSocketAddress> bootstrap, InetSocketAddress local)
      throws IOException {
    return start(identity, bootstrap, local, DEFAULT_KEEPALIVE);
  }

  /**
   * The default keepalive, 25 s: one PING per attachment (144 an hour per node), under the 30 s and
   * more for which common NATs keep an idle UDP binding open.
   */
  public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(25);

  /** The shortest keepalive allowed (tests and labs that want failover in well under a second). */
  public static final Duration MIN_KEEPALIVE = Duration.ofMillis(50);

  /**
   * The longest keepalive allowed, 30 s: a node forgets an attachment after 90 s of silence (its
   * default idle timeout), so this leaves three keepalives, and NATs drop idle UDP bindings after
   * 30 s or more. A node with a shorter idle timeout says so in its keepalive answer ("not
   * attached"), and the client attaches again at once.
   */
  public static final Duration MAX_KEEPALIVE = Duration.ofSeconds(30);

  /**
   * Whether {@code keepalive} is within {@link #MIN_KEEPALIVE} .. {@link #MAX_KEEPALIVE}.
   *
   * @throws IllegalArgumentException if not, naming the range
   */
  public static Duration checkKeepalive(Duration keepalive) {
    if (keepalive.compareTo(MIN_KEEPALIVE) < 0 || keepalive.compareTo(MAX_KEEPALIVE) > 0) {
      throw new IllegalArgumentException(
          "keepalive must be 50 ms .. 30 s, got " + keepalive.toMillis() + " ms");
    }
    return keepalive;
  }

  /**
   * As {@link #start(Identity, List, InetSocketAddress)}, pinging each attached node every {@code
   * keepalive}; a dead node is noticed by the next keepalive or at once by a request to it that
   * times out, and replaced at once ({@code docs/protocol.md}, "Attach").
   *
   * @throws IllegalArgumentException for a keepalive outside 50 ms .. 30 s ({@link
   *     #checkKeepalive})
   */
  public static OverlayClient start(
      Identity identity,
      List<InetSocketAddress> bootstrap,
      InetSocketAddress local,
      Duration keepalive)
      throws IOException {
    return start(identity, bootstrap, local, keepalive, List.of());
  }

  /**
   * As {@link #start(Identity, List, InetSocketAddress, Duration)}, reaching the nodes of {@code
   * streams} over TCP and TLS when UDP to them stays silent for 250 ms ({@link ClientStreams}): for
   * networks that block UDP.
   */
  public static OverlayClient start(
      Identity identity,
      List<InetSocketAddress> bootstrap,
      InetSocketAddress local,
      Duration keepalive,
      List<StreamRoute> streams)
      throws IOException {
    return start(CompletableFuture.completedFuture(identity), bootstrap, local, keepalive, streams);
  }

  /**
   * As {@link #start(Identity, List, InetSocketAddress, Duration, List)}, binding the socket and
   * starting its event loop while {@code identity} is still being made or loaded: in a fresh JVM
   * Ed25519 key generation (0.16 s quiet, 0.3-0.66 s on a starved machine) and Netty's first bind
   * (0.6-1.2 s) then overlap instead of adding up before the first HELLO, which leaves once both
   * are done.
   *
   * @throws IOException if the socket cannot be bound, or the identity could not be had (its
   *     failure the cause; the socket is closed then)
   */
  public static OverlayClient start(
      CompletionStage<Identity> identity,
      List<InetSocketAddress> bootstrap,
      InetSocketAddress local,
      Duration keepalive,
      List<StreamRoute> streams)
      throws IOException {
    return start(
        identity, bootstrap, local, keepalive, streams, to -> false, StreamTiming.defaults());
  }

  /** As above, dropping datagrams to where {@code udpDropped} says, with stream timings (tests). */
  static OverlayClient start(
      CompletionStage<Identity> identity,
      List<InetSocketAddress> bootstrap,
      InetSocketAddress local,
      Duration keepalive,
      List<StreamRoute> streamRoutes,
      java.util.function.Predicate<InetSocketAddress> udpDropped,
      StreamTiming timing)
      throws IOException {
    checkKeepalive(keepalive);
    if (bootstrap.isEmpty()) {
      throw new IllegalArgumentException("at least one bootstrap node is needed");
    }
    ClientParts parts =
        ClientParts.start(
            identity, bootstrap, local, keepalive.toMillis(), streamRoutes, udpDropped, timing);
    return new OverlayClient(parts.endpoint(), parts.core(), parts.streams());
  }

  /** How the client reaches the node at {@code node} (its UDP address) now: udp, tcp or TLSv1.x. */
  public String transportTo(InetSocketAddress node) {
    return onLoop(() -> streams.transportTo(node));
  }

  /** Completes once attached to two nodes (or every node there is) with the record published. */
  public CompletableFuture<Void> ready() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    endpoint.loop().execute(() -> core.whenReady(() -> f.complete(null)));
    return f;
  }

  /** Waits for {@link #ready()}. */
  public void awaitReady(Duration limit) throws IOException, InterruptedException {
    try {
      ready().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException(
          "not attached to the overlay after " + limit.toMillis() + " ms: no node answered", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  /** The peer's freshest valid location record; completes with null if none is found. */
  public CompletableFuture<LocationRecord> lookup(PeerId peer) {
    CompletableFuture<LocationRecord> f = new CompletableFuture<>();
    endpoint.loop().execute(() -> core.lookup(peer, f::complete));
    return f;
  }

  /**
   * Starts looking {@code peer} up for a message about to be sent to it: a {@link #send} to it
   * while that lookup is in flight, or within 50 ms of its answer, uses the record it found instead
   * of asking the nodes again, so the lookup overlaps what comes before the send. Nothing if the
   * client is closed or not attached; a send later than that asks afresh.
   */
  public void lookAhead(PeerId peer) {
    endpoint.loop().execute(() -> core.messenger().lookAhead(peer));
  }

  /**
   * Seals {@code payload} to {@code peer} and delivers it through one of its nodes; fails with a
   * {@link DeliveryException} naming the reason.
   */
  public CompletableFuture<Void> send(PeerId peer, byte[] payload) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    send(peer, payload, f, t -> f.complete(null));
    return f;
  }

  /**
   * As {@link #send(PeerId, byte[])}, completing with where the message's time went: the lookup of
   * the peer's record, then its delivery.
   */
  public CompletableFuture<DeliveryTiming> sendTimed(PeerId peer, byte[] payload) {
    CompletableFuture<DeliveryTiming> f = new CompletableFuture<>();
    send(peer, payload, f, f::complete);
    return f;
  }

  private void send(
      PeerId peer, byte[] payload, CompletableFuture<?> f, Consumer<DeliveryTiming> delivered) {
    byte[] copy = payload.clone();
    endpoint
        .loop()
        .execute(
            () ->
                core.messenger()
                    .send(
                        peer,
                        copy,
                        failure -> {
                          if (failure != null) {
                            f.completeExceptionally(failure);
                          }
                        },
                        delivered));
  }

  /**
   * S6 missed: leaves {@code payload} sealed to {@code peer} with nodes that push it when the peer
   * attaches ({@code docs/missed-calls.md}); completes with how many nodes hold it, or fails with a
   * {@link DeliveryException} (PEER_NOT_FOUND when the peer's keys were never seen).
   */
  public CompletableFuture<Integer> hold(PeerId peer, byte[] payload) {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    byte[] copy = payload.clone();
    endpoint
        .loop()
        .execute(() -> core.messenger().hold(peer, copy, f::completeExceptionally, f::complete));
    return f;
  }

  /** Sets who receives messages sealed to us. */
  public void onMessage(MessageListener listener) {
    endpoint.loop().execute(() -> core.messenger().onMessage(listener));
  }

  /** The nodes we are attached to now. */
  public List<NodeAddress> attachedNodes() {
    return onLoop(core::attachedNodes);
  }

  /** Our address as the nodes see it (server-reflexive behind a NAT), once known. */
  public Optional<InetSocketAddress> reflexiveAddress() {
    return Optional.ofNullable(onLoop(core::reflexiveAddress));
  }

  /** Stops pinging the nodes until {@link #resume()}, so the radio may sleep ({@code push.md}). */
  public void suspend() {
    endpoint.loop().execute(core::suspend);
  }

  /**
   * Ends {@link #suspend()}: pings every node at once, replaces those that died or forgot us,
   * republishes the record and keeps alive as before. Completes once attached with the record
   * published (at once if not suspended and ready).
   */
  public CompletableFuture<Void> resume() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    endpoint.loop().execute(() -> core.resume(() -> f.complete(null)));
    return f;
  }

  /**
   * Tells the client that the local network changed: it pings every node at once instead of at the
   * next keepalive, and attaches again at once where its address moved (ignored while suspended).
   */
  public void networkChanged() {
    endpoint.loop().execute(core::networkChanged);
  }

  /** How many times a dead node was replaced. */
  public int failovers() {
    return onLoop(core::failovers);
  }

  public PeerId id() {
    return core.id();
  }

  /**
   * This process's device id: random per process, named (signed) in every ATTACH, so that several
   * processes of one identity each keep their own attachment and all receive its messages.
   */
  public long deviceId() {
    return core.device();
  }

  /** Devices of this identity online per our nodes, this one included (a stopped one: 90 s). */
  public int devices() {
    return onLoop(core::devices);
  }

  /**
   * Tells {@code listener} (besides others, at most 16) the device count on each change, and at
   * once if it is not 1 when added, on the client's event-loop thread (it must not block).
   */
  public void onDevices(java.util.function.IntConsumer listener) {
    endpoint.loop().execute(() -> core.onDevices(listener));
  }

  private <T> T onLoop(java.util.concurrent.Callable<T> task) {
    try {
      return endpoint.loop().submit(task).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("overlay client loop did not answer", e);
    }
  }

  @Override
  public void close() {
    endpoint.loop().execute(core::close);
    endpoint.loop().execute(streams::close);
    endpoint.close();
  }
}
