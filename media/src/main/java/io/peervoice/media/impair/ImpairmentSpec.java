package io.peervoice.media.impair;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a simulated network does to packets, written as {@code
 * loss=10,burst=3,delay=80,jitter=40,reorder=1,dup=1,seed=7}. Keys may come in any order and any
 * may be left out (loss, delay, jitter, reorder, dup and seed default to 0, burst to 1); the empty
 * string is no impairment.
 *
 * @param lossPercent average share of packets lost, 0–100
 * @param burst mean length of a loss burst in packets (Gilbert–Elliott, see {@link
 *     GilbertElliott}), 1–1000; 1 means isolated losses, close to random loss. High loss needs long
 *     enough bursts: at least {@code loss/(100 − loss)}, and 1 with {@code loss=100}
 * @param delayMillis mean one-way delay, 0–10,000 ms
 * @param jitterMillis spread of the delay, 0–5,000 ms: each packet's delay is drawn uniformly from
 *     {@code [max(0, delay − jitter), delay + jitter]}, so its mean is {@code delay} whenever
 *     {@code jitter ≤ delay} and it is never negative (as {@code netem delay D J})
 * @param reorderPercent share of packets held back so that the next one overtakes them, 0–100
 * @param duplicatePercent share of packets delivered twice, 0–100
 * @param seed random seed: the same spec and the same input give the same outcome
 */
public record ImpairmentSpec(
    double lossPercent,
    double burst,
    double delayMillis,
    double jitterMillis,
    double reorderPercent,
    double duplicatePercent,
    long seed) {

  /** A key of the syntax with its allowed range. */
  private record Key(String name, double min, double max) {
    double check(double value) {
      if (!(value >= min && value <= max)) {
        throw new IllegalArgumentException(
            "impairment %s must be %s..%s, got %s".formatted(name, fmt(min), fmt(max), fmt(value)));
      }
      return value;
    }
  }

  private static final Key LOSS = new Key("loss", 0, 100);
  private static final Key BURST = new Key("burst", 1, 1000);
  private static final Key DELAY = new Key("delay", 0, 10_000);
  private static final Key JITTER = new Key("jitter", 0, 5_000);
  private static final Key REORDER = new Key("reorder", 0, 100);
  private static final Key DUP = new Key("dup", 0, 100);
  private static final String SEED = "seed";
  private static final List<String> KEYS =
      Stream.concat(
              Stream.of(LOSS, BURST, DELAY, JITTER, REORDER, DUP).map(Key::name), Stream.of(SEED))
          .toList();

  public ImpairmentSpec {
    LOSS.check(lossPercent);
    BURST.check(burst);
    DELAY.check(delayMillis);
    JITTER.check(jitterMillis);
    REORDER.check(reorderPercent);
    DUP.check(duplicatePercent);
    if (lossPercent == 100 && burst != 1) {
      throw new IllegalArgumentException(
          "impairment burst must be 1 with loss=100 (every packet is lost), got " + fmt(burst));
    }
    if (!GilbertElliott.canCarry(lossPercent / 100, burst)) {
      throw new IllegalArgumentException(
          ("impairment burst must be %s..1000 for loss=%s (a mean burst of b packets carries at"
                  + " most b/(b+1) loss), got %s")
              .formatted(
                  fmt(Math.round(GilbertElliott.minimumBurst(lossPercent / 100) * 1000) / 1000.0),
                  fmt(lossPercent),
                  fmt(burst)));
    }
  }

  /** A network that does nothing. */
  public static ImpairmentSpec none() {
    return new ImpairmentSpec(0, 1, 0, 0, 0, 0, 0);
  }

  /**
   * Parses the user syntax: comma-separated {@code KEY=VALUE} pairs, keys {@code loss}, {@code
   * burst}, {@code delay}, {@code jitter}, {@code reorder}, {@code dup} (decimal numbers) and
   * {@code seed} (a 64-bit integer), each at most once. Blank is no impairment.
   *
   * @throws IllegalArgumentException naming the key and its allowed range, or the allowed keys
   */
  public static ImpairmentSpec parse(String text) {
    Map<String, String> values = new HashMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split("=", 2);
      String key = kv[0].strip().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || !KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "impairment '" + part.strip() + "': expected KEY=VALUE with KEY one of " + KEYS);
      }
      if (values.put(key, kv[1].strip()) != null) {
        throw new IllegalArgumentException("impairment " + key + " given twice");
      }
    }
    return new ImpairmentSpec(
        number(values, LOSS, 0),
        number(values, BURST, 1),
        number(values, DELAY, 0),
        number(values, JITTER, 0),
        number(values, REORDER, 0),
        number(values, DUP, 0),
        seed(values.get(SEED)));
  }

  private static double number(Map<String, String> values, Key key, double absent) {
    String text = values.get(key.name());
    if (text == null) {
      return absent;
    }
    try {
      return key.check(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "impairment %s must be a number in %s..%s, got '%s'"
              .formatted(key.name(), fmt(key.min()), fmt(key.max()), text),
          e);
    }
  }

  private static long seed(String text) {
    if (text == null) {
      return 0;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "impairment seed must be an integer in %d..%d, got '%s'"
              .formatted(Long.MIN_VALUE, Long.MAX_VALUE, text),
          e);
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** Whether this spec leaves packets alone (whatever its seed and burst). */
  public boolean isNone() {
    return lossPercent == 0
        && delayMillis == 0
        && jitterMillis == 0
        && reorderPercent == 0
        && duplicatePercent == 0;
  }

  /**
   * The user syntax with every key, e.g. {@code loss=10,burst=3,delay=80,jitter=40,reorder=0,
   * dup=0,seed=7}; {@link #parse} gives this spec back.
   */
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
