package io.peervoice.signaling.internal.overlay;

import io.peervoice.natives.StreamConnection;
import io.peervoice.natives.UdpEndpoint;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.StreamRoute;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's way to its nodes when UDP gets no answer: the client's {@link Env}, which sends to a
 * node over UDP first and, after {@link #FALLBACK_MILLIS} without a datagram from it (or at once
 * when the kernel refuses to send one there), connects to the node over TCP and TLS at once (or TLS
 * {@link StreamTiming#tlsHeadStartMillis} after TCP, if set), keeping the first stream that opens
 * and closing the other (happy eyeballs in the manner of <a
 * href="https://www.rfc-editor.org/rfc/rfc8305">RFC 8305</a>: UDP gets a short head start, not a
 * second of silence), and replays the last datagrams it sent there down the stream. A UDP answer
 * that comes while the streams are being dialled still wins: the streams are closed as they open.
 * The node's messages are then RFC 4571-framed on the stream and handed to the client as if they
 * had come from the node's UDP address, so the rest of the client (attach, keepalive at the same
 * interval, failover, lookups, messages) is unchanged. A stream is kept for as long as it lives
 * (the session); once it closes the node is tried over UDP first again (a re-attach). A node with
 * no {@link StreamRoute} is reached over UDP only. Runs on the client's loop thread only.
 */
public final class ClientStreams extends ForwardingEnv implements NodeStreamSide {
  private static final Logger log = LoggerFactory.getLogger(ClientStreams.class);

  /**
   * UDP's head start: silence after which a node is tried over TCP and TLS as well. Above a node's
   * round trip on most paths (so a peer whose UDP works rarely dials a stream), and short enough
   * that a peer whose network drops UDP attaches well inside 3 s; it was 1 s, of a tcp443 attach of
   * ~2.9 s in the NAT lab.
   */
  public static final long FALLBACK_MILLIS = 250;

  /** Datagrams kept for replay down a new stream, per node. */
  static final int REPLAY = 16;

  private final Env udp;
  private final UdpEndpoint endpoint;
  private final StreamRouteTable routes;
  private volatile boolean closed;
  private final Map<InetSocketAddress, Link> links = new HashMap<>();
  private final StreamTiming timing;
  private final Predicate<InetSocketAddress> udpDropped;
  private BiConsumer<InetSocketAddress, byte[]> receiver = (from, data) -> {};
  private java.util.function.Consumer<InetSocketAddress> opened = node -> {};
  private java.util.function.Consumer<InetSocketAddress> lost = node -> {};
  private Runnable dialling = () -> {};
  private long streamsOpened;

  /** One node reachable over a stream. */
  private static final class Link {
    StreamRoute route;
    final ArrayDeque<byte[]> replay = new ArrayDeque<>();
    boolean heardUdp;
    StreamRace race; // the fallback whose dials are not all settled, if any
    Cancellable timer;
    StreamConnection connection;

    Link(StreamRoute route) {
      this.route = route;
    }
  }

  /**
   * @param udpDropped datagrams to these addresses are not sent (tests of networks blocking UDP)
   */
  public ClientStreams(
      Env udp,
      UdpEndpoint endpoint,
      List<StreamRoute> streamRoutes,
      StreamTiming timing,
      Predicate<InetSocketAddress> udpDropped) {
    super(udp);
    this.udp = udp;
    this.endpoint = endpoint;
    this.timing = timing;
    this.udpDropped = udpDropped;
    this.routes = new StreamRouteTable(streamRoutes);
  }

  /**
   * Who gets the nodes' messages that arrive over streams (the client's receive path), and who is
   * told that a node is now reached over a stream (its requests over UDP failed meanwhile) or that
   * its stream closed (check the node now rather than at the next keepalive).
   */
  public void receiver(
      BiConsumer<InetSocketAddress, byte[]> receiver,
      java.util.function.Consumer<InetSocketAddress> opened,
      java.util.function.Consumer<InetSocketAddress> lost) {
    this.receiver = receiver;
    this.opened = opened;
    this.lost = lost;
  }

  /** Who is told, on the loop thread, each time UDP's silence starts a node's stream dials. */
  public void onDialling(Runnable dialling) {
    this.dialling = dialling;
  }

  /** {@code node} with the stream ports we were given for it (see {@link StreamRouteTable}). */
  @Override
  public NodeAddress withPorts(NodeAddress node) {
    return routes.withPorts(node);
  }

  /** A signed record names {@code node} at {@code address} with stream ports. */
  void learn(NodeAddress node, InetSocketAddress address) {
    routes.learn(node, address);
  }

  /** Ports named by the node itself (its PONG) or by another (NODES: see the table). */
  @Override
  public void portsNamed(InetSocketAddress node, PeerId id, int tcp, int tls, boolean byItself) {
    routes.named(node, tcp, tls, byItself);
  }

  /** A datagram came from {@code from}: UDP works to it, no stream is needed (yet). */
  public void heardOverUdp(InetSocketAddress from) {
    Link link = links.get(from);
    if (link != null && !link.heardUdp) {
      link.heardUdp = true;
      link.replay.clear();
      if (link.timer != null) {
        link.timer.cancel();
        link.timer = null;
      }
    }
  }

  /**
   * A keepalive to {@code node} went unanswered over UDP although UDP had worked (the network may
   * have started blocking it, e.g. after roaming): watch it as at start, so the next silent second
   * falls back to its stream.
   */
  @Override
  public void udpSilent(InetSocketAddress node) {
    Link link = links.get(node);
    if (link != null && link.connection == null) {
      link.heardUdp = false;
    }
  }

  /** The kernel refused a datagram to {@code to}: UDP cannot work there, try its stream now. */
  public void udpSendFailed(InetSocketAddress to) {
    Link link = links.get(to);
    if (link != null && !link.heardUdp && link.connection == null && link.race == null) {
      if (link.timer != null) {
        link.timer.cancel();
      }
      fallBack(link);
    }
  }

  @Override
  public void send(InetSocketAddress to, byte[] datagram) {
    Link link = links.get(to);
    if (link == null) {
      StreamRoute route = routes.get(to);
      if (route != null) {
        link = new Link(route);
        links.put(to, link);
      }
    }
    if (link != null && link.connection != null) {
      byte[] framed = NodeStreams.frame(datagram);
      link.connection.send(framed, 0, framed.length); // refused when over high water: as a loss
      return;
    }
    if (!udpDropped.test(to)) {
      udp.send(to, datagram);
    }
    if (link != null && !link.heardUdp) {
      if (link.replay.size() == REPLAY) {
        link.replay.poll();
      }
      link.replay.add(datagram);
      if (link.timer == null && link.race == null) {
        Link l = link;
        link.timer = udp.schedule(timing.fallbackMillis(), () -> fallBack(l));
      }
    }
  }

  private void fallBack(Link link) {
    link.timer = null;
    if (link.heardUdp || link.connection != null || link.race != null || closed) {
      return;
    }
    link.route = routes.get(link.route.node()); // a route learnt since replaces an assumed one
    StreamRace race = new StreamRace(link.route);
    link.race = race;
    dialling.run();
    if (race.attempts.size() > 1 && timing.tlsHeadStartMillis() == 0) {
      // TLS alongside TCP (on a network that lets only 443 out, TCP hangs), and first: a fresh
      // JVM's first dial spends a few hundred ms loading the stream classes before its SYN leaves
      dial(link, race, 1);
      dial(link, race, 0);
      return;
    }
    dial(link, race, 0);
    if (race.attempts.size() > 1) {
      race.headStart(udp.schedule(timing.tlsHeadStartMillis(), () -> dial(link, race, 1)));
    }
  }

  /** Starts dial {@code index} of {@code race} unless it has no more to start (see StreamRace). */
  private void dial(Link link, StreamRace race, int index) {
    if (closed || !race.begin(index)) {
      return;
    }
    StreamRace.Attempt attempt = race.attempts.get(index);
    InetSocketAddress node = link.route.node();
    log.debug(
        "dialling node {} over {} at {}",
        node,
        attempt.tls() == null ? "TCP" : "TLS",
        attempt.target());
    endpoint
        .connect(
            attempt.target(),
            attempt.tls(),
            NodeStreams.FRAMING,
            timing.connectTimeout(),
            new StreamConnection.Listener() {
              @Override
              public void frame(byte[] data, int offset, int length) {
                receiver.accept(node, Arrays.copyOfRange(data, offset + 2, offset + length));
              }

              @Override
              public void closed(Throwable cause) {
                endpoint.loop().execute(() -> streamClosed(link, race.connections[index], cause));
              }
            })
        .whenComplete(
            (connection, failure) ->
                endpoint
                    .loop()
                    .execute(
                        () -> {
                          race.connections[index] = connection;
                          dialed(link, race, index, connection, failure);
                        }));
  }

  private void dialed(
      Link link, StreamRace race, int index, StreamConnection connection, Throwable failure) {
    race.settled(failure == null);
    if (failure != null) {
      log.debug(
          "node {} not reachable at {}: {}", link.route.node(), race.attempts.get(index), failure);
      dial(link, race, index + 1); // do not wait out the head start of one that already failed
    } else if (link.race != race || link.heardUdp || closed || !race.win()) {
      connection.close(); // another stream won, UDP answered meanwhile, or we are closing
      race.stop();
    } else {
      link.connection = connection;
      streamsOpened++;
      log.info(
          "node {} reached over {} at {} (UDP silent for {} ms)",
          link.route.node(),
          connection.tlsProtocol() == null ? "TCP" : connection.tlsProtocol(),
          connection.remoteAddress(),
          timing.fallbackMillis());
      while (!link.replay.isEmpty()) {
        byte[] framed = NodeStreams.frame(link.replay.poll());
        connection.send(framed, 0, framed.length);
      }
      opened.accept(link.route.node());
    }
    if (link.race == race && race.over()) {
      link.race = null; // every dial settled: a later UDP silence may start another race
      if (race.allFailed()) {
        link.replay.clear(); // nothing worked: the next send waits for UDP again, then retries
      }
    }
  }

  private void streamClosed(Link link, StreamConnection conn, Throwable cause) {
    if (conn == null || link.connection != conn) {
      return; // a stream we dropped ourselves (UDP answered first): nothing was lost
    }
    log.debug("stream to node {} closed: {}", link.route.node(), cause);
    link.connection = null;
    link.heardUdp = false; // a re-attach tries UDP first again
    lost.accept(link.route.node());
  }

  /** How the client reaches {@code node} now: "udp", "tcp" or the TLS protocol. */
  public String transportTo(InetSocketAddress node) {
    Link link = links.get(node);
    if (link == null || link.connection == null) {
      return "udp";
    }
    return link.connection.tlsProtocol() == null ? "tcp" : link.connection.tlsProtocol();
  }

  /** Streams opened so far. */
  public long streamsOpened() {
    return streamsOpened;
  }

  /** Closes every stream; a stream still being dialled is closed when it opens. */
  public void close() {
    closed = true;
    for (Link link : links.values()) {
      if (link.connection != null) {
        link.connection.close();
      }
      if (link.timer != null) {
        link.timer.cancel();
      }
    }
  }
}
