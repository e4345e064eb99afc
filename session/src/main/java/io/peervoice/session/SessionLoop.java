package io.peervoice.session;

import io.peervoice.nat.IceException;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceSessions;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where one media session lives: the loop it took from the configured {@link MediaLoops} (its ICE
 * sessions, restarts included, bind their sockets there) and the clock its media ticks, timers and
 * futures run on (that loop's thread, or the configured media clock). Taken once per session, so a
 * call stays on one thread for its whole life.
 *
 * @param loop the session's loop, or null without media loops
 * @param clock the session's ticks, timers and futures
 */
record SessionLoop(MediaLoop loop, ScheduledExecutorService clock) {

  /** Takes the next loop of {@code config}'s media loops, if it has any. */
  static SessionLoop take(MediaSessionConfig config) {
    MediaLoop loop = config.mediaLoops().map(MediaLoops::next).orElse(null);
    return new SessionLoop(
        loop, loop != null && config.ticksOnLoop() ? loop.executor() : config.mediaClock());
  }

  /** Opens an ICE session (the first, or one for a restart) on this session's loop and clock. */
  IceSession openIce(MediaSessionConfig config, IceRole role) throws IceException {
    return IceSessions.open(config.ice(), role, clock, config.ioThreads());
  }
}
