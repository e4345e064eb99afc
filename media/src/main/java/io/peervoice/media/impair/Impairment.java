package io.peervoice.media.impair;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A simulated network path, pure and deterministic: each packet offered is lost, delivered once or
 * delivered twice, at send time + delay + jitter (+ one packet interval when reordered). Reordering
 * also arises from jitter alone. Not thread-safe.
 */
public final class Impairment {
  private static final double PACKET_INTERVAL_MILLIS = 20;
  private static final double DUPLICATE_GAP_MILLIS = 1;

  private final ImpairmentSpec spec;
  private final Random random;
  private final GilbertElliott loss;
  private long offered;
  private long dropped;
  private long duplicated;
  private long reordered;

  /** Counters of what the impairment did. */
  public record Counters(long offered, long dropped, long duplicated, long reordered) {}

  public Impairment(ImpairmentSpec spec) {
    this.spec = spec;
    this.random = new Random(spec.seed());
    this.loss = new GilbertElliott(spec.lossPercent() / 100, spec.burst());
  }

  /** What happens to {@code packet} sent at {@code sendMillis}. */
  public List<Delivery> offer(byte[] packet, double sendMillis) {
    offered++;
    if (loss.lose(random)) {
      dropped++;
      return List.of();
    }
    double at = sendMillis + spec.delayMillis() + random.nextDouble() * spec.jitterMillis();
    if (random.nextDouble() * 100 < spec.reorderPercent()) {
      at += PACKET_INTERVAL_MILLIS;
      reordered++;
    }
    List<Delivery> out = new ArrayList<>(2);
    out.add(new Delivery(packet, at));
    if (random.nextDouble() * 100 < spec.duplicatePercent()) {
      out.add(new Delivery(packet.clone(), at + DUPLICATE_GAP_MILLIS));
      duplicated++;
    }
    return out;
  }

  public Counters counters() {
    return new Counters(offered, dropped, duplicated, reordered);
  }
}
