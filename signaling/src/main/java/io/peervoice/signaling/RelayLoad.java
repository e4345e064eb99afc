package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.RelayLoadGenerator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Measures how many messages a rendezvous node relays: a sink peer attaches to it and acknowledges
 * every push while a sender keeps {@code window} routed messages outstanding. Each relayed message
 * is four datagrams at the node: ROUTE in, DELIVER out, the peer's acknowledgement in, STATUS out.
 * The node must allow the load through its per-source rate limit.
 */
public final class RelayLoad {

  /** What one run measured. */
  public record Result(long relayed, long failed, Duration duration) {
    public double perSecond() {
      return relayed / (duration.toNanos() / 1e9);
    }
  }

  private RelayLoad() {}

  public static Result run(InetSocketAddress node, Duration duration, int window, int payloadBytes)
      throws IOException, InterruptedException {
    RelayLoadGenerator generator = new RelayLoadGenerator(node, window, payloadBytes);
    long relayed = generator.run(duration.toMillis());
    return new Result(relayed, generator.failed(), duration);
  }
}
