package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.ClientSettings;
import io.peervoice.signaling.internal.overlay.PeerSwarm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Simulated peers that attach to one rendezvous node and stay attached, for measuring what a node
 * holds: each on its own UDP socket and loopback address ({@code 127.1.0.1} and up), speaking the
 * real protocol (address proof, node id proof, signed ATTACH, signed PUBLISH, then a PING every
 * keepalive and a new record every republish period, as a phone's overlay client does), all driven
 * by one thread. A process can hold as many peers as it may open file descriptors ({@code ulimit
 * -n}); more peers take more processes.
 */
public final class NodeLoad implements AutoCloseable {
  /**
   * What the simulated peers saw so far.
   *
   * @param attached peers attached now (handshake done, record published)
   * @param failed peers that gave up attaching
   * @param pingsSent keepalive PINGs sent
   * @param pongs PONGs received for them
   * @param missed PINGs unanswered when the next was due
   * @param lost times a PONG said the node no longer held the attachment (the peer re-attached)
   * @param published records the node accepted (first and republished)
   * @param sendDropped datagrams the socket refused to queue
   * @param refusals what went wrong, by kind, with counts
   */
  public record Counts(
      int attached,
      int failed,
      long pingsSent,
      long pongs,
      long missed,
      long lost,
      long published,
      long sendDropped,
      Map<String, Long> refusals) {}

  /** The default republish period of a peer's record. */
  public static final Duration DEFAULT_REPUBLISH =
      Duration.ofMillis(ClientSettings.defaults().republishMillis());

  private final PeerSwarm swarm;

  private NodeLoad(PeerSwarm swarm) {
    this.swarm = swarm;
  }

  /**
   * Opens {@code peers} sockets (the loopback addresses from index {@code firstAddress} on: {@code
   * 127.1.0.1} is index 0, and .0 and .255 are skipped) and starts attaching them to {@code node},
   * a few dozen handshakes at a time.
   *
   * @throws IOException if the sockets cannot be opened (the message says what to raise)
   */
  public static NodeLoad start(
      InetSocketAddress node,
      PeerId nodeId,
      int peers,
      int firstAddress,
      Duration keepalive,
      Duration republish)
      throws IOException {
    if (peers < 1 || firstAddress < 0 || firstAddress + (long) peers > 16_000_000) {
      throw new IllegalArgumentException("peers must be 1 .. 16M loopback addresses");
    }
    ClientSettings c = ClientSettings.defaults();
    return new NodeLoad(
        new PeerSwarm(
            new PeerSwarm.Plan(
                node,
                nodeId,
                peers,
                firstAddress,
                keepalive.toMillis(),
                republish.toMillis(),
                c.recordLifetimeMillis(),
                64,
                100)));
  }

  public Counts counts() {
    return swarm.counts();
  }

  /** Why the peers' thread stopped on an error, or null while it runs. */
  public Throwable failure() {
    return swarm.crashed();
  }

  /** The ids of the peers attached now. */
  public List<PeerId> peerIds() {
    return swarm.peerIds();
  }

  @Override
  public void close() {
    swarm.close();
  }
}
