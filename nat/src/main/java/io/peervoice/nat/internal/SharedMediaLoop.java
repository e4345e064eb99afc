package io.peervoice.nat.internal;

import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;

/**
 * The media loop of ICE sessions opened without one (tests, tools, the engine's warm-up): one
 * daemon thread for the whole process, started on first use and never stopped.
 */
public final class SharedMediaLoop {
  private SharedMediaLoop() {}

  private static final class Holder {
    static final MediaLoops LOOPS = MediaLoops.create(1, "peervoice-ice-loop");
  }

  /** The process's shared loop. */
  public static MediaLoop get() {
    return Holder.LOOPS.next();
  }
}
