package io.peervoice.session.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where frame grids may start: the instants {@code offset + k * quantum} of the monotonic clock.
 * The frame ticks of all calls of a process fall on a few shared instants of each 20 ms instead of
 * one instant per call, so a media loop wakes once for many calls' ticks (and a peer process doing
 * the same wakes once for their packets). A grid goes to the instant nearest where it would be
 * without a lattice, so a tick moves by at most half a quantum.
 *
 * <p>The trade-off, in {@code bench calls} (10 calls, complexity 5): a 20 ms quantum (one instant a
 * frame) took about 20% off each phone's CPU, a 5 ms one about 8 to 10%. What it costs in delay:
 * without a lattice the receiver's grid follows the peer's packet phase (the grid moves to the
 * peer's first packet in {@link MediaTimers#tickNowOnce()}), so a packet waits little for its tick;
 * on a lattice the grid is moved off that phase by up to half a quantum (the lattice's offset is
 * random per process), which a packet may wait on top: at most 2.5 ms, about 1.25 ms on average, at
 * 5 ms, but up to 10 ms (about 5 ms on average) at 20 ms, and the gap after the first audio is 20
 * ms ± half a quantum (a device buffer of under 30 ms may underrun at 20 ms). So the default is 5
 * ms; {@value #QUANTUM_PROPERTY} picks another. The first packet still plays the moment it arrives,
 * and the first frame leaves the moment the call's media starts. Two processes on one machine (one
 * clock) draw different offsets.
 *
 * @param quantumNanos the spacing of the instants, 1 (any instant: no alignment) up to one frame
 * @param offsetNanos where the instants fall, 0 ≤ offset < quantum
 */
record TickLattice(long quantumNanos, long offsetNanos) {
  /** The frame duration: the largest quantum. */
  static final long FRAME_NANOS = 20_000_000L;

  /** No alignment: a grid starts whenever asked. */
  static final TickLattice NONE = new TickLattice(1, 0);

  /** The default quantum, 5 ms: four instants a frame (see the class comment for the trade-off). */
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
