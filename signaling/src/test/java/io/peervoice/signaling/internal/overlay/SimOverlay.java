package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.internal.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small simulated overlay for tests: nodes on 10.0.i.1:4000 (each in its own /24) with ids of
 * {@link #NODE_ID_WORK} bits of work, peers on 10.1.0.x:5000.
 */
final class SimOverlay {
  /** Node id work in these tests: small enough to mint at once, but checked. */
  static final int NODE_ID_WORK = 2;

  static final NodeSettings SETTINGS = NodeSettings.defaults().withNodeIdWork(NODE_ID_WORK);

  final SimNetwork net;
  final List<OverlayNode> nodes = new ArrayList<>();
  final List<InetSocketAddress> nodeAddresses = new ArrayList<>();
  final List<NodeCounters> counters = new ArrayList<>();
  final List<Identity> identities = new ArrayList<>();
  private final Random random;
  private int peers;

  SimOverlay(long seed, int nodeCount) {
    this(seed, nodeCount, 1, 5);
  }

  /** With one-way latencies uniform in {@code [minLatencyMillis, maxLatencyMillis]}. */
  SimOverlay(long seed, int nodeCount, long minLatencyMillis, long maxLatencyMillis) {
    this.net = new SimNetwork(seed, minLatencyMillis, maxLatencyMillis, 0, 1_800_000_000_000L);
    this.random = new Random(seed);
    for (int i = 0; i < nodeCount; i++) {
      addNode();
    }
    net.runUntil(net.now() + 5_000);
  }

  OverlayNode addNode() {
    return addNode(Identity.generateNode(secureRandom(), NODE_ID_WORK));
  }

  /** Adds a node with {@code identity}, bootstrapping through the first node. */
  OverlayNode addNode(Identity identity) {
    int i = nodes.size();
    InetSocketAddress address = new InetSocketAddress("10.0." + i + ".1", 4000);
    NodeCounters c = new NodeCounters();
    OverlayNode[] holder = new OverlayNode[1];
    Env env = net.attach(address, (from, data) -> holder[0].received(from, data));
    OverlayNode node = new OverlayNode(identity, SETTINGS, env, c, random.nextLong());
    holder[0] = node;
    nodes.add(node);
    nodeAddresses.add(address);
    counters.add(c);
    identities.add(identity);
    node.start(i == 0 ? List.of() : List.of(nodeAddresses.get(0)));
    return node;
  }

  ClientCore addPeer(Identity identity, List<InetSocketAddress> bootstrap) {
    return addPeer(identity, bootstrap, ClientSettings.defaults());
  }

  ClientCore addPeer(
      Identity identity, List<InetSocketAddress> bootstrap, ClientSettings settings) {
    int i = ++peers;
    InetSocketAddress address = new InetSocketAddress("10.1.0." + i, 5000);
    ClientCore[] holder = new ClientCore[1];
    Env env = net.attach(address, (from, data) -> holder[0].received(from, data));
    ClientCore client =
        new ClientCore(identity, settings, env, bootstrap, secureRandom(), random.nextLong());
    holder[0] = client;
    client.start();
    return client;
  }

  SecureRandom secureRandom() {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(random.nextLong());
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Identity newIdentity() {
    return Identity.generate(secureRandom());
  }
}
