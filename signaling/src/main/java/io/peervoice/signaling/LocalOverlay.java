package io.peervoice.signaling;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A small overlay of rendezvous nodes in this process on loopback, each with a fresh identity and a
 * port the system chose; the first is every other's bootstrap. For demos, examples and tests. As a
 * lab it turns off the eclipse defences that loopback cannot satisfy: every node shares one /24, so
 * the per-subnet bucket limit is off, and its identities carry no node id work.
 */
public final class LocalOverlay implements AutoCloseable {
  /**
   * Every node and phone of a local overlay shares one source IP (loopback), so the per-IP limits
   * are raised for it here, through settings (no address is exempt in code).
   */
  private static final int LOOPBACK_QUOTA = 4_096;

  private static final double LOOPBACK_SIGNATURES = 2_000;

  private final List<RendezvousNode> nodes;

  private LocalOverlay(List<RendezvousNode> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts {@code count} nodes.
   *
   * @throws IOException if a node cannot bind (those already started are closed)
   */
  public static LocalOverlay start(int count) throws IOException {
    if (count < 1) {
      throw new IllegalArgumentException("an overlay needs at least one node");
    }
    SecureRandom random = new SecureRandom();
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    List<RendezvousNode> started = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        started.add(
            RendezvousNode.start(
                RendezvousNodeConfig.builder(Identity.generate(random), any)
                    .bootstrap(i == 0 ? List.of() : List.of(started.get(0).address()))
                    .perIpLimits(LOOPBACK_QUOTA, LOOPBACK_SIGNATURES)
                    .maxPerSubnet(0)
                    .nodeIdWork(0)
                    .build()));
      }
    } catch (IOException | RuntimeException e) {
      started.forEach(RendezvousNode::close);
      throw e;
    }
    return new LocalOverlay(started);
  }

  public List<RendezvousNode> nodes() {
    return nodes;
  }

  /** The nodes' UDP addresses, to bootstrap phones with. */
  public List<InetSocketAddress> addresses() {
    return nodes.stream().map(RendezvousNode::address).toList();
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }
}
