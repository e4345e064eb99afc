package io.peervoice.nat;

import io.peervoice.nat.internal.Ice4jSession;
import io.peervoice.nat.internal.LoopbackSession;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** Opens ICE sessions. */
public final class IceSessions {

  private IceSessions() {}

  /**
   * Creates an agent, gathers host (and, with STUN servers, server-reflexive) candidates.
   *
   * @param scheduler runs timeouts and completes futures; owned by the caller
   * @param ioThreads makes the blocking receive thread of each media path
   * @throws IceException with {@link IceStep#GATHERING} if no candidate could be bound
   */
  public static IceSession open(
      IceConfig config, IceRole role, ScheduledExecutorService scheduler, ThreadFactory ioThreads)
      throws IceException {
    if (!LocalInterfaces.any()) {
      if (!config.loopbackFallback()) {
        throw new IceException(
            IceStep.GATHERING,
            "no network interface other than loopback is up, and loopback fallback is off");
      }
      return new LoopbackSession(role, scheduler, ioThreads, config.portRange());
    }
    return new Ice4jSession(config, role, scheduler, ioThreads);
  }
}
