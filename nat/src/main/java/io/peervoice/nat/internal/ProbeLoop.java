package io.peervoice.nat.internal;

import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;

/**
 * The process's loop for port-prediction bursts ({@link PortPredictionProbe}, thread {@code
 * peervoice-probe-*}): a probe's state, timers, paced burst, hard-role sockets and their checks run
 * here, never on a call's media loop, so a burst (up to 1,024 socket opens and 2,048 checks) never
 * delays a call's 20 ms ticks or its receive path: media starts at once on the path ICE selected
 * and moves to the direct path when the probe finds one. What a burst still asks of a call's loop
 * is bounded: the easy role's checks leave from the call's ICE port, queued to that loop at most
 * {@link ProbePlan#BATCH} per {@link ProbePlan#BATCH_INTERVAL_MILLIS} ms (one datagram write each).
 * One thread for every call of the process (at most {@link ProbeBudget#BURSTS} bursts a minute),
 * started by the first probe; its sockets' datagrams arrive on it, and when a call's direct path is
 * one of those sockets ({@link PredictedLink.Hard}), its media is copied and handed to the call's
 * own loop (at most {@link PredictedLink.Hard#MAX_IN_FLIGHT} waiting): only the receive itself
 * stays here, and the call's sends on that socket are queued to this loop (a datagram write each,
 * bounded by {@code DatagramPort}).
 */
final class ProbeLoop {
  private ProbeLoop() {}

  private static final class Holder {
    static final MediaLoops LOOPS = MediaLoops.create(1, "peervoice-probe");
  }

  /** The process's probe loop, created on first use. */
  static MediaLoop shared() {
    return Holder.LOOPS.next();
  }
}
