package io.peervoice.nat.internal;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * The paced part of a port-prediction burst ({@link PortPredictionProbe}): its steps (a socket
 * opened, a check sent) run {@link ProbePlan#BATCH} at a time every {@link
 * ProbePlan#BATCH_INTERVAL_MILLIS} ms until none is left or {@code go} says stop (a path was found,
 * the probe closed). Holds at most the plan's steps (2 x 1,024). A step that throws is logged and
 * the burst goes on. On the probe's loop.
 */
final class PacedBurst {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PacedBurst.class);
  private final ArrayDeque<Runnable> steps = new ArrayDeque<>();
  private final LinkConsent.Timers timers;
  private final BooleanSupplier go;

  PacedBurst(LinkConsent.Timers timers, BooleanSupplier go) {
    this.timers = timers;
    this.go = go;
  }

  void add(Runnable step) {
    steps.add(step);
  }

  /** Runs the first beat now, the others paced. */
  void start() {
    pump();
  }

  /** Drops the steps not run yet. */
  void clear() {
    steps.clear();
  }

  private void pump() {
    for (int i = 0; i < ProbePlan.BATCH && !steps.isEmpty() && go.getAsBoolean(); i++) {
      try {
        steps.poll().run();
      } catch (RuntimeException e) { // one socket or check failing must not end the burst
        log.warn("port prediction: a step of the burst failed; the burst goes on", e);
      }
    }
    if (!steps.isEmpty() && go.getAsBoolean()) {
      timers.schedule(this::pump, ProbePlan.BATCH_INTERVAL_MILLIS);
    }
  }
}
