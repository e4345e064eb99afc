package io.peervoice.signaling;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warnings that an attacker can trigger at will (refused invites, dropped messages), logged at most
 * once per kind per interval: the next line that gets through says how many of its kind were
 * suppressed since. Every argument is {@link LogText#escape escaped}. Kinds are chosen by the code,
 * never by a peer, so the per-kind table stays small. Thread-safe.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Kind> kinds = new HashMap<>();
  private long logged;
  private long suppressed;

  private static final class Kind {
    long lastNanos;
    long suppressedSince;
  }

  /**
   * One line per kind per {@code interval} on {@code owner}'s logger, timed by {@code nanoClock}.
   */
  public RateLimitedLog(Class<?> owner, Duration interval, LongSupplier nanoClock) {
    this.log = LoggerFactory.getLogger(owner);
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
  }

  /** Ten seconds per kind on the system clock. */
  public static RateLimitedLog tenSeconds(Class<?> owner) {
    return new RateLimitedLog(owner, Duration.ofSeconds(10), System::nanoTime);
  }

  /**
   * Logs {@code message} (SLF4J {@code {}} placeholders) at WARN unless a line of this {@code kind}
   * was logged within the interval; the arguments are escaped.
   *
   * @return whether the line was logged
   */
  public boolean warn(String kind, String message, Object... args) {
    long suppressedBefore;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      Kind k = kinds.computeIfAbsent(kind, x -> new Kind());
      boolean first = k.lastNanos == 0 && k.suppressedSince == 0;
      if (!first && now - k.lastNanos < intervalNanos) {
        k.suppressedSince++;
        suppressed++;
        return false;
      }
      suppressedBefore = k.suppressedSince;
      k.suppressedSince = 0;
      k.lastNanos = now == 0 ? 1 : now;
      logged++;
    }
    Object[] safe = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      safe[i] = LogText.escape(args[i]);
    }
    if (log.isWarnEnabled()) {
      String line =
          suppressedBefore == 0
              ? message
              : message + " (" + suppressedBefore + " more like it suppressed)";
      log.warn(line, safe);
    }
    return true;
  }

  /** Lines logged. */
  public synchronized long logged() {
    return logged;
  }

  /** Lines suppressed by the rate limit. */
  public synchronized long suppressed() {
    return suppressed;
  }
}
