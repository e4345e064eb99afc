package io.peervoice.nat;

import io.peervoice.nat.internal.Ice4jSession;
import io.peervoice.nat.internal.LoopbackSession;
import io.peervoice.natives.MediaLoop;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** Opens ICE sessions. */
public final class IceSessions {

  private IceSessions() {}

  /**
   * Creates an agent, gathers host (and, with STUN servers, server-reflexive) candidates, with its
   * host candidates on a media loop of the session's own (one daemon thread, {@code
   * peervoice-ice-loop}, stopped when the session closes): for tools, tests and warm-up. Calls pass
   * their loop instead ({@link #open(IceConfig, IceRole, ScheduledExecutorService, ThreadFactory,
   * MediaLoop)}), so that all their sessions, restarts included, share one thread.
   *
   * @param scheduler runs timeouts and completes futures; owned by the caller
   * @param ioThreads makes the threads a session still needs: trickle gathering, and the receive
   *     thread of a path through a TURN relay
   * @throws IceException with {@link IceStep#GATHERING} if no candidate could be bound
   */
  public static IceSession open(
      IceConfig config, IceRole role, ScheduledExecutorService scheduler, ThreadFactory ioThreads)
      throws IceException {
    if (!LocalInterfaces.any()) {
      return loopbackFallback(config, role, scheduler, ioThreads);
    }
    return new Ice4jSession(config, role, scheduler, ioThreads);
  }

  /**
   * Creates an agent, gathers host (and, with STUN servers, server-reflexive) candidates. The host
   * candidates' UDP ports are bound on {@code loop}; a selected pair on one of them (host, server-
   * or peer-reflexive) carries media on that loop's thread: {@link MediaPath#startReceiving}'s
   * handler runs there, straight from the socket. A pair through our TURN relay keeps a receive
   * thread of its own.
   *
   * @param scheduler runs timeouts and completes futures; owned by the caller
   * @param ioThreads makes the threads a session still needs: trickle gathering, and the receive
   *     thread of a path through a TURN relay
   * @param loop the call's media loop; an ICE restart of the call should open on the same loop
   * @throws IceException with {@link IceStep#GATHERING} if no candidate could be bound
   */
  public static IceSession open(
      IceConfig config,
      IceRole role,
      ScheduledExecutorService scheduler,
      ThreadFactory ioThreads,
      MediaLoop loop)
      throws IceException {
    Objects.requireNonNull(loop, "loop");
    if (!LocalInterfaces.any()) {
      return loopbackFallback(config, role, scheduler, ioThreads);
    }
    return new Ice4jSession(config, role, scheduler, ioThreads, loop);
  }

  /** A plain UDP socket on 127.0.0.1 when no other interface is up, if the config allows it. */
  private static IceSession loopbackFallback(
      IceConfig config, IceRole role, ScheduledExecutorService scheduler, ThreadFactory ioThreads)
      throws IceException {
    if (!config.loopbackFallback()) {
      throw new IceException(
          IceStep.GATHERING,
          "no network interface other than loopback is up, and loopback fallback is off");
    }
    return new LoopbackSession(role, scheduler, ioThreads, config.portRange());
  }
}
