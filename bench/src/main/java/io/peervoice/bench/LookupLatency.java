package io.peervoice.bench;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lookup and message latency through a local 3-node overlay of {@code peervoice node} processes: a
 * caller looks the callee up (its nodes run the iterative lookup) and sends it a sealed message.
 * Run: {@code java -cp bench/target/benchmarks.jar io.peervoice.bench.LookupLatency [N]}.
 */
public final class LookupLatency {

  private LookupLatency() {}

  /** Percentiles in microseconds of lookups and of sends (lookup + seal + route + ack). */
  public record Figures(long lookupP50, long lookupP95, long sendP50, long sendP95) {}

  public static Figures measure(int samples) throws Exception {
    SecureRandom random = new SecureRandom();
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      nodes.add(NodeProcess.start(List.of()));
      nodes.add(NodeProcess.start(List.of(nodes.get(0).address())));
      nodes.add(NodeProcess.start(List.of(nodes.get(0).address())));
      List<InetSocketAddress> all = nodes.stream().map(NodeProcess::address).toList();
      Identity callee = Identity.generate(random);
      try (OverlayClient a = OverlayClient.start(Identity.generate(random), all);
          OverlayClient b = OverlayClient.start(callee, List.of(all.get(2), all.get(1)))) {
        a.awaitReady(Duration.ofSeconds(10));
        b.awaitReady(Duration.ofSeconds(10));
        long[] lookups = new long[samples];
        long[] sends = new long[samples];
        for (int i = 0; i < samples + 50; i++) {
          long t0 = System.nanoTime();
          a.lookup(callee.peerId()).get(5, TimeUnit.SECONDS);
          long t1 = System.nanoTime();
          a.send(callee.peerId(), new byte[200]).get(5, TimeUnit.SECONDS);
          long t2 = System.nanoTime();
          if (i >= 50) {
            lookups[i - 50] = (t1 - t0) / 1_000;
            sends[i - 50] = (t2 - t1) / 1_000;
          }
        }
        Arrays.sort(lookups);
        Arrays.sort(sends);
        return new Figures(
            lookups[samples / 2],
            lookups[samples * 95 / 100],
            sends[samples / 2],
            sends[samples * 95 / 100]);
      }
    } finally {
      for (NodeProcess n : nodes) {
        n.close();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Figures f = measure(samples);
    System.out.printf(
        "3-node local overlay, %d samples: lookup p50 %.2f ms, p95 %.2f ms (target p50 <= 10 ms);"
            + " send (lookup + seal + route + ack) p50 %.2f ms, p95 %.2f ms%n",
        samples, f.lookupP50() / 1e3, f.lookupP95() / 1e3, f.sendP50() / 1e3, f.sendP95() / 1e3);
  }
}
