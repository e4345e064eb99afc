package io.peervoice.media.impair;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a simulated network does to packets, written as {@code
 * loss=10,burst=3,jitter=40,delay=80,reorder=1,dup=1,seed=7}.
 *
 * @param lossPercent average share of packets lost, 0–100
 * @param burst mean length of a loss burst in packets (Gilbert–Elliott), ≥ 1; 1 is random loss
 * @param delayMillis fixed one-way delay, 0–10,000 ms
 * @param jitterMillis extra delay drawn uniformly from [0, jitter] per packet, 0–5,000 ms
 * @param reorderPercent share of packets held back one extra packet interval (20 ms), 0–100
 * @param duplicatePercent share of packets delivered twice, 0–100
 * @param seed random seed: the same seed and input give the same outcome
 */
public record ImpairmentSpec(
    double lossPercent,
    double burst,
    double delayMillis,
    double jitterMillis,
    double reorderPercent,
    double duplicatePercent,
    long seed) {

  public ImpairmentSpec {
    check("loss", lossPercent, 0, 100);
    check("burst", burst, 1, 1000);
    check("delay", delayMillis, 0, 10_000);
    check("jitter", jitterMillis, 0, 5_000);
    check("reorder", reorderPercent, 0, 100);
    check("dup", duplicatePercent, 0, 100);
    if (lossPercent == 100 && burst > 1) {
      throw new IllegalArgumentException("loss=100 leaves no bursts to shape; use burst=1");
    }
  }

  /** A network that does nothing. */
  public static ImpairmentSpec none() {
    return new ImpairmentSpec(0, 1, 0, 0, 0, 0, 0);
  }

  /**
   * Parses the user syntax; an empty string is no impairment.
   *
   * @throws IllegalArgumentException naming the key and the allowed range
   */
  public static ImpairmentSpec parse(String text) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String part : text.strip().split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split("=", 2);
      String key = kv[0].strip().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || !KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "impairment '" + part.strip() + "': expected KEY=NUMBER with KEY one of " + KEYS);
      }
      try {
        values.put(key, Double.parseDouble(kv[1].strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("impairment " + key + ": not a number: " + kv[1], e);
      }
    }
    return new ImpairmentSpec(
        values.getOrDefault("loss", 0.0),
        values.getOrDefault("burst", 1.0),
        values.getOrDefault("delay", 0.0),
        values.getOrDefault("jitter", 0.0),
        values.getOrDefault("reorder", 0.0),
        values.getOrDefault("dup", 0.0),
        values.getOrDefault("seed", 0.0).longValue());
  }

  private static final java.util.List<String> KEYS =
      java.util.List.of("loss", "burst", "delay", "jitter", "reorder", "dup", "seed");

  private static void check(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          "impairment %s must be %s..%s, got %s".formatted(key, fmt(min), fmt(max), fmt(value)));
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  public boolean isNone() {
    return lossPercent == 0
        && delayMillis == 0
        && jitterMillis == 0
        && reorderPercent == 0
        && duplicatePercent == 0;
  }

  /** The user syntax, e.g. {@code loss=10,burst=3,delay=80,jitter=40,reorder=0,dup=0,seed=7}. */
  @Override
  public String toString() {
    return "loss=%s,burst=%s,delay=%s,jitter=%s,reorder=%s,dup=%s,seed=%d"
        .formatted(
            fmt(lossPercent),
            fmt(burst),
            fmt(delayMillis),
            fmt(jitterMillis),
            fmt(reorderPercent),
            fmt(duplicatePercent),
            seed);
  }
}
