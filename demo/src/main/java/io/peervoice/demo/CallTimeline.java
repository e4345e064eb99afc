package io.peervoice.demo;

import java.util.function.LongSupplier;

/**
 * When one call was dialled (or began ringing, for an incoming call), answered and ended, by an
 * injected clock: what the status line's timer and an unanswered call's report show.
 */
final class CallTimeline {
  private final LongSupplier nanos;
  private volatile long startNanos = -1;
  private volatile long answeredNanos = -1;
  private volatile long endedNanos = -1;

  CallTimeline(LongSupplier nanos) {
    this.nanos = nanos;
  }

  CallTimeline() {
    this(System::nanoTime);
  }

  /** The call starts now: we dial (outgoing) or the invite arrived (incoming). */
  CallTimeline begin() {
    if (startNanos < 0) {
      startNanos = nanos.getAsLong();
    }
    return this;
  }

  void answered() {
    if (answeredNanos < 0) {
      answeredNanos = nanos.getAsLong();
    }
  }

  void ended() {
    if (endedNanos < 0) {
      endedNanos = nanos.getAsLong();
    }
  }

  boolean isAnswered() {
    return answeredNanos >= 0;
  }

  /** From the dial (or the ring) to the answer, the end, or now: how long it rang. */
  long ringingMillis() {
    if (startNanos < 0) {
      return 0;
    }
    long until =
        answeredNanos >= 0 ? answeredNanos : endedNanos >= 0 ? endedNanos : nanos.getAsLong();
    return (until - startNanos) / 1_000_000;
  }
}
