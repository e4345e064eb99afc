package io.peervoice.bench;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.OverlayClient;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failover measured with real processes: five {@code peervoice node} processes on this machine, a
 * callee attached to two of them, both killed with SIGKILL; how long until a caller's message
 * reaches the callee again (it must notice, re-attach, republish; the caller must look it up
 * afresh). The callee notices at its next keepalive (three unanswered PINGs), so the figure is up
 * to one keepalive plus about 1.5 s. Run: {@code java -cp bench/target/benchmarks.jar
 * io.peervoice.bench.NodeFailover [N] [KEEPALIVE_MS]} (default 5 trials at the 25 s default).
 */
public final class NodeFailover {

  private NodeFailover() {}

  /** One trial's outcome. */
  public record Trial(
      long failoverMillis,
      int calleeFailovers,
      List<NodeAddress> before,
      List<NodeAddress> after) {}

  /** Runs one trial on fresh processes, the callee keeping alive every {@code keepalive}. */
  public static Trial trial(Duration keepalive) throws Exception {
    SecureRandom random = new SecureRandom();
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      nodes.add(NodeProcess.start(List.of()));
      for (int i = 1; i < 5; i++) {
        nodes.add(NodeProcess.start(List.of(nodes.get(0).address())));
      }
      List<InetSocketAddress> all = nodes.stream().map(NodeProcess::address).toList();
      Identity alice = Identity.generate(random);
      Identity bob = Identity.generate(random);
      List<InetSocketAddress> bobFirst = new ArrayList<>(all.subList(3, 5));
      bobFirst.addAll(all.subList(0, 3));
      try (OverlayClient a = OverlayClient.start(alice, all.subList(0, 3));
          OverlayClient b =
              OverlayClient.start(bob, bobFirst, new InetSocketAddress(0), keepalive)) {
        AtomicInteger inbox = new AtomicInteger();
        b.onMessage((from, payload) -> inbox.incrementAndGet());
        a.awaitReady(Duration.ofSeconds(10));
        b.awaitReady(Duration.ofSeconds(10));
        a.send(bob.peerId(), new byte[] {1}).get(10, TimeUnit.SECONDS);
        List<NodeAddress> before = b.attachedNodes();

        nodes.get(3).kill();
        nodes.get(4).kill();
        long killed = System.nanoTime();
        long deadline = killed + keepalive.toNanos() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
          try {
            a.send(bob.peerId(), new byte[] {2}).get(10, TimeUnit.SECONDS);
            long took = (System.nanoTime() - killed) / 1_000_000;
            return new Trial(took, b.failovers(), before, b.attachedNodes());
          } catch (java.util.concurrent.ExecutionException e) {
            // not reachable yet: the send already retried for its whole deadline; go again
          }
        }
        throw new IllegalStateException(
            "callee unreachable one keepalive + 15 s after its nodes died");
      }
    } finally {
      for (NodeProcess n : nodes) {
        n.close();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Duration keepalive =
        args.length > 1
            ? Duration.ofMillis(Long.parseLong(args[1]))
            : OverlayClient.DEFAULT_KEEPALIVE;
    long[] ms = new long[trials];
    for (int i = 0; i < trials; i++) {
      ms[i] = trial(keepalive).failoverMillis();
      System.out.printf(
          "trial %d: reachable again %d ms after its two nodes were killed%n", i + 1, ms[i]);
    }
    Arrays.sort(ms);
    System.out.printf(
        "failover over %d trials: p50 %d ms, max %d ms (target <= keepalive %d ms + 2000 ms)%n",
        trials, ms[trials / 2], ms[trials - 1], keepalive.toMillis());
  }
}
