package io.peervoice.bench;

import io.peervoice.signaling.RelayLoad;
import java.time.Duration;
import java.util.List;

/**
 * How many messages one rendezvous node relays per second of its own CPU time: a {@code peervoice
 * node} process (one event-loop thread) under {@link RelayLoad} from this process. Run: {@code java
 * -cp bench/target/benchmarks.jar io.peervoice.bench.RelayThroughput [seconds]}.
 */
public final class RelayThroughput {

  private RelayThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    try (NodeProcess node = NodeProcess.start(List.of(), List.of("--rate-limit", "1000000000"))) {
      RelayLoad.run(node.address(), Duration.ofSeconds(3), 256, 200);
      Duration cpuBefore = node.cpuTime();
      RelayLoad.Result r = RelayLoad.run(node.address(), Duration.ofSeconds(seconds), 256, 200);
      double cpuSeconds = (node.cpuTime().toNanos() - cpuBefore.toNanos()) / 1e9;
      System.out.printf(
          "relayed %d messages in %d s (%.0f/s wall), %d failed; node used %.2f CPU-seconds:"
              + " %.0f messages per CPU-second (%.0f datagrams), target >= 50000%n",
          r.relayed(),
          seconds,
          r.perSecond(),
          r.failed(),
          cpuSeconds,
          r.relayed() / cpuSeconds,
          4 * r.relayed() / cpuSeconds);
    }
  }
}
