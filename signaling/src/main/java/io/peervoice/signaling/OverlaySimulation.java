package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.ClientCore;
import io.peervoice.signaling.internal.overlay.ClientSettings;
import io.peervoice.signaling.internal.overlay.Env;
import io.peervoice.signaling.internal.overlay.IterativeLookup;
import io.peervoice.signaling.internal.overlay.NodeCounters;
import io.peervoice.signaling.internal.overlay.NodeSettings;
import io.peervoice.signaling.internal.overlay.OverlayNode;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The overlay at scale in one JVM and virtual time: the real node and client logic (real
 * signatures, real wire encoding) over a simulated network with seeded latency and loss. Nodes join
 * one by one through random earlier nodes; peers attach and publish; random nodes look up random
 * peers' records; then a share of the nodes is killed at once, peers fail over, and the lookups are
 * repeated. Deterministic for a given seed.
 */
public final class OverlaySimulation {
  private static final long WALL_BASE = 1_800_000_000_000L;

  /** Node id work in the simulation: small, so thousands of nodes mint quickly, but checked. */
  private static final int NODE_ID_WORK = 2;

  private final SimulationConfig config;
  private final Random random;
  private final SimNetwork net;
  private final List<OverlayNode> nodes = new ArrayList<>();
  private final List<InetSocketAddress> nodeAddresses = new ArrayList<>();
  private final List<Identity> peers = new ArrayList<>();
  private final List<ClientCore> clients = new ArrayList<>();
  private final RecordCodec records = new RecordCodec();

  private OverlaySimulation(SimulationConfig config) {
    this.config = config;
    this.random = new Random(config.seed());
    this.net =
        new SimNetwork(
            config.seed(),
            config.minLatencyMillis(),
            config.maxLatencyMillis(),
            config.loss(),
            WALL_BASE);
  }

  /** Runs the whole scenario and reports it. */
  public static SimulationResult run(SimulationConfig config) {
    return new OverlaySimulation(config).execute();
  }

  private SimulationResult execute() {
    for (int i = 0; i < config.nodes(); i++) {
      addNode(i);
      net.runUntil(net.now() + config.joinIntervalMillis());
    }
    net.runUntil(net.now() + 10_000);
    for (int i = 0; i < config.peers(); i++) {
      addPeer(i);
    }
    net.runUntil(net.now() + 5_000);
    Phase before = lookups();

    int killCount = config.nodes() * config.killPercent() / 100;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, random);
    for (int i = 0; i < killCount; i++) {
      net.kill(nodeAddresses.get(order.get(i)));
    }
    net.runUntil(net.now() + config.settleMillis());
    Phase after = lookups();
    return new SimulationResult(
        config.nodes(),
        killCount,
        config.peers(),
        before.lookups,
        before.successPct(),
        before.hopsMean(),
        before.percentile(before.hops, 95),
        before.percentile(before.millis, 50),
        before.percentile(before.millis, 95),
        after.successPct(),
        after.hopsMean(),
        after.percentile(after.hops, 95),
        after.percentile(after.millis, 50),
        after.percentile(after.millis, 95),
        net.delivered(),
        net.lost());
  }

  private void addNode(int i) {
    InetSocketAddress address = nodeAddress(i);
    NodeCounters counters = new NodeCounters();
    OverlayNode[] holder = new OverlayNode[1];
    Env env = net.attach(address, (from, data) -> holder[0].received(from, data));
    OverlayNode node =
        new OverlayNode(
            Identity.generateNode(secureRandom(), NODE_ID_WORK),
            NodeSettings.defaults()
                .withNodeIdWork(NODE_ID_WORK)
                .withDisjointPaths(config.disjointPaths()),
            env,
            counters,
            random.nextLong());
    holder[0] = node;
    nodes.add(node);
    nodeAddresses.add(address);
    List<InetSocketAddress> bootstrap = new ArrayList<>();
    for (int b = 0; b < Math.min(3, i); b++) {
      InetSocketAddress candidate = nodeAddresses.get(random.nextInt(i));
      if (!bootstrap.contains(candidate)) {
        bootstrap.add(candidate);
      }
    }
    node.start(bootstrap);
  }

  private void addPeer(int i) {
    InetSocketAddress address = address(11, i, 5000);
    Identity identity = Identity.generate(secureRandom());
    ClientCore[] holder = new ClientCore[1];
    Env env = net.attach(address, (from, data) -> holder[0].received(from, data));
    List<InetSocketAddress> bootstrap = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      bootstrap.add(nodeAddresses.get(random.nextInt(nodeAddresses.size())));
    }
    ClientCore client =
        new ClientCore(
            identity, ClientSettings.defaults(), env, bootstrap, secureRandom(), random.nextLong());
    holder[0] = client;
    client.start();
    peers.add(identity);
    clients.add(client);
  }

  /** Node i at 10.x.y.1: every node in its own /24, as on the internet (buckets cap a /24). */
  private static InetSocketAddress nodeAddress(int i) {
    return new InetSocketAddress("10." + ((i >> 8) & 0xFF) + "." + (i & 0xFF) + ".1", 4000);
  }

  private static InetSocketAddress address(int first, int i, int port) {
    return new InetSocketAddress(
        first + "." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF), port);
  }

  private final class Phase {
    final int lookups;
    int found;
    final List<Integer> hops = new ArrayList<>();
    final List<Integer> millis = new ArrayList<>();

    Phase(int lookups) {
      this.lookups = lookups;
    }

    double successPct() {
      return lookups == 0 ? 0 : 100.0 * found / lookups;
    }

    double hopsMean() {
      return hops.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    int percentile(List<Integer> values, int pct) {
      if (values.isEmpty()) {
        return 0;
      }
      int[] sorted = values.stream().mapToInt(Integer::intValue).toArray();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(pct / 100.0 * sorted.length) - 1)];
    }
  }

  /** Random live nodes look up random peers' records, a few at a time. */
  private Phase lookups() {
    Phase phase = new Phase(config.lookups());
    int[] done = {0};
    for (int i = 0; i < config.lookups(); i++) {
      OverlayNode from;
      do {
        int n = random.nextInt(nodes.size());
        from = net.alive(nodeAddresses.get(n)) ? nodes.get(n) : null;
      } while (from == null);
      Identity target = peers.get(random.nextInt(peers.size()));
      long started = net.now();
      from.findRecord(
          target.peerId(),
          result -> {
            done[0]++;
            if (valid(target, result)) {
              phase.found++;
              phase.hops.add(result.hops());
              phase.millis.add((int) (net.now() - started));
            }
          });
      if (i % 20 == 19) {
        net.runUntil(net.now() + 50);
      }
    }
    net.runUntil(() -> done[0] == config.lookups(), 60_000);
    return phase;
  }

  private boolean valid(Identity target, IterativeLookup.Result result) {
    for (byte[] wire : result.records()) {
      try {
        LocationRecord r = records.decode(wire);
        if (r.check(
                target.peerId(),
                Instant.ofEpochMilli(WALL_BASE + net.now()),
                java.time.Duration.ofDays(1),
                -1)
            == RecordCheck.VALID) {
          return true;
        }
      } catch (WireException e) {
        // not a record
      }
    }
    return false;
  }

  private SecureRandom secureRandom() {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(random.nextLong());
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
