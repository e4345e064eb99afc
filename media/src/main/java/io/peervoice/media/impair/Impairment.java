package io.peervoice.media.impair;

import java.util.List;
import java.util.Random;

/**
 * A simulated one-way network path: pure logic, no clock and no threads. Each packet offered is
 * lost, delivered once, or delivered twice, and {@link #offer} says when.
 *
 * <p>Per packet, in this order (one {@link Random} seeded with {@link ImpairmentSpec#seed()}, four
 * draws per packet whatever the outcome, so the same spec and the same sequence of offers always
 * give the same deliveries):
 *
 * <ol>
 *   <li>loss: the {@link GilbertElliott} chain for the spec's loss and burst;
 *   <li>delay: {@code send + d}, {@code d} uniform on {@code [max(0, delay − jitter), delay +
 *       jitter]}, so never before the send time. Jitter larger than the packet interval reorders
 *       packets by itself;
 *   <li>reordering: with the reorder probability the packet is held back a further one and a half
 *       packet intervals, so that without jitter it lands between the next two packets (held back
 *       exactly one interval it would tie with the next one);
 *   <li>duplication: with the dup probability a copy follows 1 ms later.
 * </ol>
 *
 * <p>Not thread-safe.
 */
public final class Impairment {
  /** The packet interval assumed by {@link #Impairment(ImpairmentSpec)}: one 20 ms Opus frame. */
  public static final double DEFAULT_PACKET_INTERVAL_MILLIS = 20;

  private static final double DUPLICATE_GAP_MILLIS = 1;

  private final ImpairmentSpec spec;
  private final double holdBackMillis;
  private final Random random;
  private final GilbertElliott loss;
  private final double minDelay;
  private final double delaySpan;
  private long offered;
  private long dropped;
  private long duplicated;
  private long reordered;

  /**
   * What the impairment did so far.
   *
   * @param offered packets offered
   * @param dropped packets lost
   * @param duplicated packets delivered twice
   * @param reordered packets held back for reordering (reordering by jitter alone is not counted)
   */
  public record Counters(long offered, long dropped, long duplicated, long reordered) {}

  /** An impairment for packets sent every {@value #DEFAULT_PACKET_INTERVAL_MILLIS} ms. */
  public Impairment(ImpairmentSpec spec) {
    this(spec, DEFAULT_PACKET_INTERVAL_MILLIS);
  }

  /**
   * @param packetIntervalMillis the sender's packet interval, which sets how far a reordered packet
   *     is held back
   */
  public Impairment(ImpairmentSpec spec, double packetIntervalMillis) {
    if (!(packetIntervalMillis > 0 && packetIntervalMillis < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "packet interval must be positive, got " + packetIntervalMillis);
    }
    this.spec = spec;
    this.holdBackMillis = 1.5 * packetIntervalMillis;
    this.random = new Random(spec.seed());
    this.loss = new GilbertElliott(spec.lossPercent() / 100, spec.burst());
    this.minDelay = Math.max(0, spec.delayMillis() - spec.jitterMillis());
    this.delaySpan = spec.delayMillis() + spec.jitterMillis() - minDelay;
  }

  public ImpairmentSpec spec() {
    return spec;
  }

  /**
   * What happens to {@code packet} sent at {@code sendMillis}: no delivery (lost), one, or two
   * (duplicated), in delivery order. The first delivery shares {@code packet}'s array.
   */
  public List<Delivery> offer(byte[] packet, double sendMillis) {
    offered++;
    boolean lost = loss.lose(random);
    double at = sendMillis + minDelay + random.nextDouble() * delaySpan;
    boolean holdBack = random.nextDouble() * 100 < spec.reorderPercent();
    boolean duplicate = random.nextDouble() * 100 < spec.duplicatePercent();
    if (lost) {
      dropped++;
      return List.of();
    }
    if (holdBack) {
      at += holdBackMillis;
      reordered++;
    }
    if (!duplicate) {
      return List.of(new Delivery(packet, at));
    }
    duplicated++;
    return List.of(
        new Delivery(packet, at), new Delivery(packet.clone(), at + DUPLICATE_GAP_MILLIS));
  }

  public Counters counters() {
    return new Counters(offered, dropped, duplicated, reordered);
  }
}
