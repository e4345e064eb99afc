package io.peervoice.nat.internal;

import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.socket.DatagramPacketFilter;
import org.ice4j.socket.MultiplexedDatagramSocket;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * ice4j's socket for a host candidate bound on a media loop (over its {@link AdapterSocket}) that
 * leaves none of its STUN views' sockets open once closed, whenever ice4j makes a view. S13: a
 * relayed candidate reached over TCP or TLS ({@link StreamRelayedCandidate}, also over an {@link
 * AdapterSocket}) uses it too.
 *
 * <p>Each view ice4j makes ({@link #getSocket(DatagramPacketFilter, boolean)}, e.g. {@code
 * LocalCandidate.getStunSocket}) is a {@link DatagramSocket} whose JDK superclass opens a socket of
 * its own that ice4j never closes ({@link MultiplexedSockets}). ice4j's threads may still ask for a
 * view after the agent was freed and this socket closed: a connectivity check under way when its
 * port closed fails to send, and ice4j then asks the candidate for its STUN socket to log the
 * failure ({@code ConnectivityCheckClient.startCheckForPair}), a keep-alive asks for it to send
 * ({@code sendBindingIndicationForPair}). The agent's free had already removed the view, so a new
 * one was made, after the views were listed and closed: its socket stayed open until the garbage
 * collector found it (a CI run of {@code MediaAbuseTest} saw sockets left open 10 s after the calls
 * ended). A call's end closing the host ports while the grace release was still freeing the agent
 * ({@link AgentRelease#release}, no longer serialized) made such sends fail mid-free. This class
 * closes the views' sockets when it closes, and a view made after that at once.
 */
final class HostMultiplexingSocket extends MultiplexingDatagramSocket {
  private final List<DatagramSocket> views = new ArrayList<>(); // guarded by itself
  private boolean closed; // guarded by views

  HostMultiplexingSocket(AdapterSocket adapter) throws SocketException {
    super(adapter);
  }

  @Override
  public MultiplexedDatagramSocket getSocket(DatagramPacketFilter filter, boolean create)
      throws SocketException {
    MultiplexedDatagramSocket view = super.getSocket(filter, create);
    if (view == null) {
      return null;
    }
    boolean late;
    synchronized (views) {
      late = closed;
      if (!late && !views.contains(view)) {
        views.add(view);
      }
    }
    if (late) {
      MultiplexedSockets.closeOwnSocket(view); // made after the close: nobody else will
    }
    return view;
  }

  /** Closes ice4j's side and every view's own socket; views made later are closed as made. */
  @Override
  public void close() {
    List<DatagramSocket> made;
    synchronized (views) {
      closed = true;
      made = List.copyOf(views);
      views.clear();
    }
    super.close();
    made.forEach(MultiplexedSockets::closeOwnSocket);
  }
}
