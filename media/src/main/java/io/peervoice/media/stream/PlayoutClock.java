package io.peervoice.media.stream;

import io.peervoice.media.jitter.JitterPacket;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The time each playout tick stands for, and the packets that had arrived by then. A sound card
 * takes frames on a fixed grid; a scheduler thread runs ticks a few milliseconds late whenever the
 * machine is busy (and late ticks back to back to catch up). If the jitter buffer decided at the
 * moment a tick happens to run, it would take that lateness for network delay and stretch audio
 * back and forth on a clean path, and whether a packet is "here" would depend on the scheduler. So
 * each tick stands for its place on the grid (20 ms steps from the first tick), and a packet
 * reaches the jitter buffer at the first tick whose grid time is at or after its arrival, as if
 * every tick had run on time. When ticks stray further than {@link #MAX_SKEW_MILLIS} from the grid
 * (the clock stopped, or ticks are driven by hand at another pace), the grid restarts at the actual
 * time. Not thread-safe.
 */
final class PlayoutClock {
  /** Lateness beyond which the grid no longer describes the ticks. */
  static final double MAX_SKEW_MILLIS = 100;

  /** Packets held for a later tick at most; beyond, the oldest is handed on at once. */
  static final int MAX_HELD = 64;

  private final double frameMillis;
  private final ArrayDeque<JitterPacket> held = new ArrayDeque<>();
  private double next = Double.NaN;

  PlayoutClock(double frameMillis) {
    this.frameMillis = frameMillis;
  }

  /**
   * Holds a packet until the tick whose grid time reaches its arrival; {@code release} takes the
   * oldest held packet at once if too many are held.
   */
  void hold(JitterPacket packet, Consumer<JitterPacket> release) {
    if (held.isEmpty() && !(packet.arrivalMillis() > next)) {
      release.accept(packet); // the next tick is not late yet (or there is none yet): it is here
      return;
    }
    if (held.size() >= MAX_HELD) {
      release.accept(held.pollFirst());
    }
    held.addLast(packet);
  }

  /**
   * The grid time of the tick that runs at {@code actualMillis}; first hands {@code release} the
   * held packets that had arrived by then, in arrival order.
   */
  double tick(double actualMillis, Consumer<JitterPacket> release) {
    if (Double.isNaN(next) || actualMillis < next || actualMillis - next > MAX_SKEW_MILLIS) {
      next = actualMillis;
    }
    double scheduled = next;
    next += frameMillis;
    while (!held.isEmpty() && held.peekFirst().arrivalMillis() <= scheduled) {
      release.accept(held.pollFirst());
    }
    return scheduled;
  }
}
