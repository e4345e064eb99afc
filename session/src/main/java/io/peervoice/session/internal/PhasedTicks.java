package io.peervoice.session.internal;

import java.util.function.LongConsumer;

/**
 * S9 conf: a call's 20 ms frame tick split in two halves on a phase shared with other calls, as the
 * legs of a conference run it: every leg plays out at the instants {@code phaseNanos + k * 20 ms}
 * of the media clock (its decoded frame enters the mixer), and sends {@code lagNanos} later, when
 * its mix can hold every leg's frame of that instant. A leg whose playout runs later than that (its
 * loop was late) is mixed at the next send; nobody waits for it.
 *
 * @param phaseNanos an instant of the shared grid (any one: the grid is every 20 ms from it)
 * @param lagNanos from a playout to the send of the same tick, 0 ≤ lag < 20 ms
 * @param playout the playout half (its lateness is not told: it may ignore it)
 * @param send the send half, told how late (ns) it runs
 */
record PhasedTicks(long phaseNanos, long lagNanos, LongConsumer playout, LongConsumer send) {
  private static final long FRAME_NANOS = TickLattice.FRAME_NANOS;

  PhasedTicks {
    if (lagNanos < 0 || lagNanos >= FRAME_NANOS) {
      throw new IllegalArgumentException("lag must be in [0, 20 ms): " + lagNanos);
    }
  }

  /** The first playout instant at or after {@code nanos}. */
  long atOrAfter(long nanos) {
    return nanos + Math.floorMod(phaseNanos - nanos, FRAME_NANOS);
  }
}
