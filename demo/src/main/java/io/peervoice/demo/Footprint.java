package io.peervoice.demo;

import io.peervoice.natives.NativeHeapTrim;
import io.peervoice.sdk.Phone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone process's heap at its quiet moments (docs/cli.md, "JVM options"): start-up and the
 * warm-up leave garbage in the young generation.
 *
 * <ul>
 *   <li>{@code listen}, once the phone's warm-up is done ({@link Phone#ready()}): a collection, so
 *       that its first call starts with an empty young generation, then a trim of the C heap
 *       ({@link NativeHeapTrim}), so that an idle listener does not hold start-up's native garbage
 *       until the JVM's first periodic trim;
 *   <li>{@code call}, just before it dials: a collection, so that no young collection falls in the
 *       call's set-up (a pause of 10-20 ms on a small heap, between the answer and the first
 *       audio).
 * </ul>
 */
final class Footprint {
  private static final Logger log = LoggerFactory.getLogger(Footprint.class);

  private Footprint() {}

  /** Once {@code phone} is warmed up: {@link #settle()}, on a daemon thread of its own. */
  static void settleWhenWarm(Phone phone) {
    phone
        .ready()
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                Thread t = new Thread(Footprint::settle, "peervoice-settle");
                t.setDaemon(true);
                t.start();
              }
            });
  }

  /** A collection, then a trim of the C heap; logged at debug. */
  static void settle() {
    long start = System.nanoTime();
    collect();
    var trimmed = NativeHeapTrim.trim();
    log.debug(
        "settled in {} ms (C heap trimmed: {})",
        (System.nanoTime() - start) / 1_000_000,
        trimmed.map(String::valueOf).orElse("no trim here"));
  }

  /** A full collection (the phone options' serial collector: a few ms on a phone's heap). */
  static void collect() {
    System.gc();
  }
}
