package io.peervoice.session.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where frame grids may start: the instants {@code offset + k * quantum} of the monotonic clock.
 * The frame ticks of all calls of a process fall on a few shared instants of each 20 ms instead of
 * one instant per call, so a media loop wakes once for many calls' ticks (and a peer process doing
 * the same wakes once for their packets): in {@code bench calls} (10 calls, complexity 5) a 20 ms
 * quantum took about a fifth off each phone's CPU, a 5 ms one about a tenth.
 *
 * <p>What it costs: a packet waits from its arrival to the first tick at or after it. Without a
 * lattice that wait is already anywhere in a frame, set by the peer's phase (the one grid move of
 * {@link MediaTimers#tickNowOnce()} aligns the first packet only, and a tick on the very instant of
 * later arrivals misses them by a hair); on a lattice with an offset random per process it stays
 * anywhere in a frame, on average half. The first packet still plays the moment it arrives. Two
 * processes on one machine (one clock) draw different offsets.
 *
 * @param quantumNanos the spacing of the instants, 1 (any instant: no alignment) up to one frame
 * @param offsetNanos where the instants fall, 0 ≤ offset < quantum
 */
record TickLattice(long quantumNanos, long offsetNanos) {
  /** The frame duration: the largest quantum. */
  static final long FRAME_NANOS = 20_000_000L;

  /** No alignment: a grid starts whenever asked. */
  static final TickLattice NONE = new TickLattice(1, 0);

  /** The default quantum: all ticks of a process on one instant per frame. */
  static final long DEFAULT_QUANTUM_NANOS = FRAME_NANOS;

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
