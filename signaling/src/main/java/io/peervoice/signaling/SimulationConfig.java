package io.peervoice.signaling;

/**
 * An {@link OverlaySimulation} scenario.
 *
 * @param nodes rendezvous nodes
 * @param peers peers that attach and publish records
 * @param lookups record lookups before and again after the kill
 * @param killPercent share of nodes killed at once
 * @param seed seed of every random choice
 * @param minLatencyMillis lowest one-way latency
 * @param maxLatencyMillis highest one-way latency
 * @param loss datagram loss probability
 * @param joinIntervalMillis virtual time between node joins
 * @param settleMillis virtual time between the kill and the second round of lookups
 * @param disjointPaths d, the disjoint paths each lookup runs over (1 is plain Kademlia)
 */
public record SimulationConfig(
    int nodes,
    int peers,
    int lookups,
    int killPercent,
    long seed,
    long minLatencyMillis,
    long maxLatencyMillis,
    double loss,
    long joinIntervalMillis,
    long settleMillis,
    int disjointPaths) {

  public SimulationConfig {
    if (nodes < 2 || peers < 1 || lookups < 1) {
      throw new IllegalArgumentException("need at least 2 nodes, 1 peer and 1 lookup");
    }
    if (killPercent < 0 || killPercent > 90) {
      throw new IllegalArgumentException("killPercent must be 0..90: " + killPercent);
    }
    if (minLatencyMillis < 0 || maxLatencyMillis < minLatencyMillis) {
      throw new IllegalArgumentException("latency range must satisfy 0 <= min <= max");
    }
    if (loss < 0 || loss >= 1) {
      throw new IllegalArgumentException("loss must be in [0, 1)");
    }
    if (nodes > 65_536) {
      throw new IllegalArgumentException("at most 65,536 nodes (one /24 each)");
    }
    if (disjointPaths < 1) {
      throw new IllegalArgumentException("disjointPaths must be at least 1");
    }
  }

  /**
   * Defaults for {@code nodes}: 10–80 ms one way, 1% loss, 20% killed, 30 s to settle, 2 disjoint
   * lookup paths.
   */
  public static SimulationConfig of(int nodes, int killPercent, long seed) {
    return new SimulationConfig(
        nodes,
        Math.min(500, Math.max(10, nodes / 4)),
        2_000,
        killPercent,
        seed,
        10,
        80,
        0.01,
        20,
        30_000,
        2);
  }

  /** The same scenario with lookups over {@code d} disjoint paths. */
  public SimulationConfig withDisjointPaths(int d) {
    return new SimulationConfig(
        nodes,
        peers,
        lookups,
        killPercent,
        seed,
        minLatencyMillis,
        maxLatencyMillis,
        loss,
        joinIntervalMillis,
        settleMillis,
        d);
  }
}
