package io.peervoice.session;

import io.peervoice.nat.IceException;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceSessions;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where one media session lives: the loop it took from the configured {@link MediaLoops}, where its
 * ICE sessions (restarts included) bind their sockets, and the clock its media ticks, timers and
 * futures run on (that loop's thread, or the configured media clock). Taken once per session, so a
 * call stays on one thread for its whole life.
 *
 * @param config the session's configuration
 * @param role the session's ICE role, for each ICE session it opens
 * @param loop the session's loop, or null without media loops
 * @param clock the session's ticks, timers and futures
 */
record SessionLoop(
    MediaSessionConfig config, IceRole role, MediaLoop loop, ScheduledExecutorService clock) {

  /** Takes the next loop of {@code config}'s media loops, if it has any. */
  static SessionLoop take(MediaSessionConfig config, IceRole role) {
    MediaLoop loop = config.mediaLoops().map(MediaLoops::next).orElse(null);
    return new SessionLoop(
        config,
        role,
        loop,
        loop != null && config.ticksOnLoop() ? loop.executor() : config.mediaClock());
  }

  /** Opens an ICE session (the first, or one for a restart) on this session's loop and clock. */
  IceSession openIce() throws IceException {
    return loop == null
        ? IceSessions.open(config.ice(), role, clock, config.ioThreads())
        : IceSessions.open(config.ice(), role, clock, config.ioThreads(), loop);
  }
}
