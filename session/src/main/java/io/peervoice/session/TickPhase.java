package io.peervoice.session;

import io.peervoice.session.internal.CallMedia;

/**
 * S9 conf: a 20 ms grid that several calls' media tick on together, as the legs of a conference
 * mixed in this process do. A call in the phase splits its frame tick in two: it plays out at the
 * grid's instants ({@code phaseNanos + k * 20 ms} of the media clock; its decoded frame is then
 * there for the mixer) and sends {@code lagNanos} after each, when every leg's frame of that
 * instant is in (a leg whose playout ran later than that, its loop being late, is mixed at the next
 * send; nobody waits for it). Outside it (the default, and after {@link #leave}) a call ticks
 * alone, on a grid of its own: it sends and then plays out in one tick.
 *
 * @param phaseNanos an instant of the grid, on the media clock (any one: the grid is every 20 ms
 *     from it)
 * @param lagNanos from each playout to the send of the same tick, 0 ≤ lag &lt; 20 ms
 */
public record TickPhase(long phaseNanos, long lagNanos) {
  /**
   * @throws IllegalArgumentException unless 0 ≤ lag &lt; 20 ms
   */
  public TickPhase {
    if (lagNanos < 0 || lagNanos >= 20_000_000L) {
      throw new IllegalArgumentException("lag must be in [0, 20 ms): " + lagNanos);
    }
  }

  /**
   * {@code session}'s media ticks on this grid from its next instant at least half a frame on (one
   * tick gap of 10 to 30 ms, once); nothing if its media has not started. Any thread.
   */
  public void join(MediaSession session) {
    CallMedia media = session.media();
    if (media != null) {
      media.tickInPhase(phaseNanos, lagNanos);
    }
  }

  /** {@code session}'s media ticks alone again, on a grid of its own; any thread. */
  public static void leave(MediaSession session) {
    CallMedia media = session.media();
    if (media != null) {
      media.tickAlone();
    }
  }
}
