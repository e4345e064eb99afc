package io.peervoice.session.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where frame grids may start: the instants {@code offset + k * quantum} of the monotonic clock.
 * The frame ticks of all calls of a process fall on a few shared instants of each 20 ms instead of
 * one instant per call, so a media loop wakes once for many calls' ticks (and the peer's loop once
 * for their packets): fewer thread wake-ups per call. The price is the wait from a packet's arrival
 * to its tick, which grows by up to one quantum. The offset is random per process, so two processes
 * on one machine (one clock) do not share instants and a packet never waits a whole frame for a
 * tick just gone.
 *
 * @param quantumNanos the spacing of the instants, 1 (any instant: no alignment) up to one frame
 * @param offsetNanos where the instants fall, 0 ≤ offset < quantum
 */
record TickLattice(long quantumNanos, long offsetNanos) {
  /** The frame duration: the largest quantum. */
  static final long FRAME_NANOS = 20_000_000L;

  /** No alignment: a grid starts whenever asked. */
  static final TickLattice NONE = new TickLattice(1, 0);

  /** The default quantum: ticks of a process on four instants per frame at most. */
  static final long DEFAULT_QUANTUM_NANOS = 5_000_000L;

  /** The system property that sets the quantum in milliseconds, 0 (none) to 20. */
  static final String QUANTUM_PROPERTY = "peervoice.media.tickQuantumMillis";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TickLattice.class);
  private static final TickLattice PROCESS = processLattice();

  TickLattice {
    if (quantumNanos < 1 || quantumNanos > FRAME_NANOS) {
      throw new IllegalArgumentException("quantum must be 1 ns to 20 ms: " + quantumNanos);
    }
    if (offsetNanos < 0 || offsetNanos >= quantumNanos) {
      throw new IllegalArgumentException("offset must be in [0, quantum): " + offsetNanos);
    }
  }

  private static TickLattice processLattice() {
    try {
      return fromProperty(System.getProperty(QUANTUM_PROPERTY));
    } catch (IllegalArgumentException e) {
      log.warn(
          "{}; ticks align to the default {} ms",
          e.getMessage(),
          DEFAULT_QUANTUM_NANOS / 1_000_000);
      return fromProperty(null);
    }
  }

  /** This process's lattice: the default quantum (or the property's) at a random offset. */
  static TickLattice process() {
    return PROCESS;
  }

  /**
   * A lattice of {@code millis} (null: the default; 0: none) at a random offset.
   *
   * @throws IllegalArgumentException if not a whole number of milliseconds from 0 to 20
   */
  static TickLattice fromProperty(String millis) {
    long quantum;
    if (millis == null || millis.isBlank()) {
      quantum = DEFAULT_QUANTUM_NANOS;
    } else {
      long ms;
      try {
        ms = Long.parseLong(millis.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            QUANTUM_PROPERTY + " must be 0..20 (milliseconds), got '" + millis + "'", e);
      }
      if (ms < 0 || ms > 20) {
        throw new IllegalArgumentException(
            QUANTUM_PROPERTY + " must be 0..20 (milliseconds), got " + ms);
      }
      if (ms == 0) {
        return NONE;
      }
      quantum = ms * 1_000_000L;
    }
    return new TickLattice(quantum, ThreadLocalRandom.current().nextLong(quantum));
  }

  /** The first instant of the lattice at or after {@code nanos}. */
  long atOrAfter(long nanos) {
    long past = Math.floorMod(nanos - offsetNanos, quantumNanos);
    return past == 0 ? nanos : nanos + (quantumNanos - past);
  }
}
