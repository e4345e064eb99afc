package io.peervoice.nat.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RelayedCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.MultiplexedDatagramSocket;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around an ice4j 3.2 defect that keeps a UDP socket open per STUN view of each candidate
 * after the agent is freed, until the garbage collector finds it.
 *
 * <p>ice4j reads STUN through a {@link MultiplexedDatagramSocket}, a {@link DatagramSocket}
 * subclass that forwards everything to its multiplexing socket. Its {@code java.net.DatagramSocket}
 * superclass constructor still opens an unbound socket of its own (JDK 15+ creates a datagram
 * channel for every {@code DatagramSocket}), and {@link MultiplexedDatagramSocket#close()}
 * deliberately skips {@code super.close()}. So {@code Agent.free()} closes the real, bound sockets
 * but leaves one unbound socket per view open (two per host candidate pair of an idle agent, more
 * with TURN) for the JDK's cleaner. This class lists the views of a component's candidate sockets
 * before the agent is freed, and closes their own sockets afterwards. A view ice4j makes after that
 * listing, even after the free, is a host candidate's {@link HostMultiplexingSocket}'s to close.
 *
 * <p>It reads ice4j's private list of views and calls the superclass {@code close()}; both are
 * reached through {@link MethodHandles#privateLookupIn} (ice4j is on the class path, so no JVM flag
 * is needed). If a later ice4j changes these internals, the release is skipped with one warning and
 * {@code SocketReleaseTest} fails.
 */
final class MultiplexedSockets {
  private static final Logger log = LoggerFactory.getLogger(MultiplexedSockets.class);
  private static final Internals INTERNALS = Internals.find();

  private MultiplexedSockets() {}

  /** The STUN views of the component's candidate sockets; call before {@code Agent.free()}. */
  static List<DatagramSocket> of(Component component) {
    List<DatagramSocket> views = new ArrayList<>();
    if (INTERNALS == null) {
      return views;
    }
    for (LocalCandidate candidate : component.getLocalCandidates()) {
      IceSocketWrapper wrapper = socketOf(candidate);
      if (wrapper != null && wrapper.getUDPSocket() instanceof MultiplexingDatagramSocket m) {
        views.addAll(INTERNALS.views(m));
      }
    }
    return views;
  }

  /** Closes the views' own sockets; call after {@code Agent.free()} closed the real ones. */
  static void release(List<DatagramSocket> views) {
    if (INTERNALS != null) {
      views.forEach(INTERNALS::closeOwnSocket);
    }
  }

  /** Closes one view's own socket (see the class comment); idempotent. */
  static void closeOwnSocket(DatagramSocket view) {
    if (INTERNALS != null) {
      INTERNALS.closeOwnSocket(view);
    }
  }

  private static IceSocketWrapper socketOf(LocalCandidate candidate) {
    if (candidate instanceof HostCandidate host) {
      return host.getCandidateIceSocketWrapper();
    }
    if (candidate instanceof RelayedCandidate relayed) {
      return relayed.getCandidateIceSocketWrapper();
    }
    return null; // reflexive candidates share their base's (host) socket
  }

  /** Handles on the ice4j internals this work-around needs. */
  private record Internals(VarHandle support, VarHandle sockets, MethodHandle superClose) {

    static Internals find() {
      try {
        MethodHandles.Lookup here = MethodHandles.lookup();
        Class<?> supportType = Class.forName("org.ice4j.socket.MultiplexingXXXSocketSupport");
        VarHandle support =
            MethodHandles.privateLookupIn(MultiplexingDatagramSocket.class, here)
                .findVarHandle(
                    MultiplexingDatagramSocket.class, "multiplexingXXXSocketSupport", supportType);
        VarHandle sockets =
            MethodHandles.privateLookupIn(supportType, here)
                .findVarHandle(supportType, "sockets", List.class);
        MethodHandle superClose =
            MethodHandles.privateLookupIn(MultiplexedDatagramSocket.class, here)
                .findSpecial(
                    DatagramSocket.class,
                    "close",
                    MethodType.methodType(void.class),
                    MultiplexedDatagramSocket.class);
        return new Internals(support, sockets, superClose);
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.warn(
            "ice4j internals changed: STUN views' sockets will be freed by the GC, not on close:"
                + " {}",
            e.toString());
        return null;
      }
    }

    List<DatagramSocket> views(MultiplexingDatagramSocket multiplexing) {
      List<?> list = (List<?>) sockets.get(support.get(multiplexing));
      synchronized (list) { // ice4j guards the list with itself
        List<DatagramSocket> copy = new ArrayList<>(list.size());
        for (Object view : list) {
          copy.add((DatagramSocket) view);
        }
        return copy;
      }
    }

    void closeOwnSocket(DatagramSocket view) {
      try {
        superClose.invoke((MultiplexedDatagramSocket) view);
      } catch (Throwable e) {
        log.debug("could not close a STUN view's socket: {}", e.toString());
      }
    }
  }
}
