package io.peervoice.demo;

import io.peervoice.signaling.NodeStreamProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Asks each {@code --bootstrap} node, in parallel, for a STUN Binding (RFC 8489: every rendezvous
 * node answers it on its overlay port, even to a source it does not know), so a dead address is
 * reported before a phone starts: at once when the host refuses the port (ICMP), else after the
 * timeout. Requests are retransmitted at 0, 250, 750 and 1,750 ms. A node's TCP or TLS port counts
 * as an answer too (networks that block UDP reach it over those), but only once the node behind it
 * answered a PING there and proved its id ({@link NodeStreamProbe}): any web server, captive portal
 * or middlebox accepts a connection.
 */
final class BootstrapProbe {
  /** Long enough for a node across the world to answer a retransmission; short for the user. */
  static final Duration TIMEOUT = Duration.ofMillis(3_000);

  private static final int MAGIC_COOKIE = 0x2112A442;
  private static final short BINDING_REQUEST = 0x0001;
  private static final short BINDING_SUCCESS = 0x0101;
  private static final long[] SEND_AT_MILLIS = {0, 250, 750, 1_750};

  private BootstrapProbe() {}

  private record Probe(InetSocketAddress node, DatagramChannel channel, byte[] request) {}

  /**
   * The first node that answered within {@code timeout}, or empty if none did.
   *
   * @throws IOException if no socket can be opened at all
   */
  static Optional<InetSocketAddress> firstAnswer(List<InetSocketAddress> nodes, Duration timeout)
      throws IOException {
    return firstAnswer(nodes, List.of(), timeout);
  }

  /** One node's TCP or TLS port being connected to. */
  private record StreamProbe(StreamTarget target) {}

  /**
   * A node's stream port to ask: {@code node} is its UDP address, {@code address} its TCP or TLS
   * port.
   */
  record StreamTarget(InetSocketAddress node, InetSocketAddress address, boolean tls) {}

  /**
   * As {@link #firstAnswer(List, Duration)}, also connecting to each of {@code streams}: a node
   * that answers a PING over its stream port and proves its id there is an answer of that node.
   */
  static Optional<InetSocketAddress> firstAnswer(
      List<InetSocketAddress> nodes, List<StreamTarget> streams, Duration timeout)
      throws IOException {
    SecureRandom random = new SecureRandom();
    List<Probe> alive = new ArrayList<>();
    List<java.nio.channels.SocketChannel> sockets = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      try {
        for (StreamTarget s : streams) {
          java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open();
          sockets.add(channel);
          try {
            channel.configureBlocking(false);
            channel.connect(s.address()); // finished (and the node asked) in await
            channel.register(selector, SelectionKey.OP_CONNECT, new StreamProbe(s));
          } catch (IOException e) {
            channel.close(); // refused or no route: not that way
          }
        }
        for (InetSocketAddress node : nodes) {
          DatagramChannel channel = DatagramChannel.open();
          try {
            channel.configureBlocking(false);
            channel.connect(node);
          } catch (IOException e) {
            channel.close(); // no route to it: that node is dead
            continue;
          }
          Probe probe = new Probe(node, channel, request(random));
          channel.register(selector, SelectionKey.OP_READ, probe);
          alive.add(probe);
        }
        return await(selector, alive, selector.keys().size() - alive.size(), timeout);
      } finally {
        for (Probe p : alive) {
          p.channel().close();
        }
        for (java.nio.channels.SocketChannel c : sockets) {
          c.close();
        }
      }
    }
  }

  /** Whether a node, not just any listener, is behind a stream port that accepted a connection. */
  private static boolean nodeAnswers(StreamTarget target, long leftMillis) {
    Duration step = Duration.ofMillis(Math.max(100, leftMillis / 3));
    return NodeStreamProbe.probe(target.address(), target.tls(), null, step).answered();
  }

  private static Optional<InetSocketAddress> await(
      Selector selector, List<Probe> probes, int connecting, Duration timeout) throws IOException {
    List<Probe> alive = new ArrayList<>(probes);
    int dialling = connecting;
    long start = System.nanoTime();
    long deadline = timeout.toMillis();
    int sends = 0;
    ByteBuffer in = ByteBuffer.allocate(1_500);
    while (!alive.isEmpty() || dialling > 0) {
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      if (elapsed >= deadline) {
        return Optional.empty();
      }
      if (sends < SEND_AT_MILLIS.length && elapsed >= SEND_AT_MILLIS[sends]) {
        sends++;
        for (Probe p : new ArrayList<>(alive)) {
          try {
            p.channel().write(ByteBuffer.wrap(p.request()));
          } catch (IOException e) {
            alive.remove(p); // refused or unreachable
          }
        }
        continue;
      }
      long next = sends < SEND_AT_MILLIS.length ? SEND_AT_MILLIS[sends] : deadline;
      selector.select(Math.max(1, Math.min(next, deadline) - elapsed));
      for (SelectionKey key : selector.selectedKeys()) {
        if (key.attachment() instanceof StreamProbe stream) {
          try {
            if (((java.nio.channels.SocketChannel) key.channel()).finishConnect()) {
              key.cancel();
              dialling--;
              if (nodeAnswers(stream.target(), deadline - elapsed)) {
                return Optional.of(stream.target().node());
              }
            }
          } catch (IOException e) { // refused, or no route
            key.cancel();
            dialling--;
          }
          continue;
        }
        Probe p = (Probe) key.attachment();
        in.clear();
        try {
          if (p.channel().read(in) > 0 && answers(in.flip(), p.request())) {
            return Optional.of(p.node());
          }
        } catch (IOException e) { // PortUnreachableException: nothing listens there
          key.cancel();
          alive.remove(p);
        }
      }
      selector.selectedKeys().clear();
    }
    return Optional.empty();
  }

  private static byte[] request(SecureRandom random) {
    ByteBuffer b = ByteBuffer.allocate(20);
    b.putShort(BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE);
    byte[] transaction = new byte[12];
    random.nextBytes(transaction);
    b.put(transaction);
    return b.array();
  }

  /** Whether {@code response} is a Binding success for {@code request}'s transaction. */
  private static boolean answers(ByteBuffer response, byte[] request) {
    if (response.remaining() < 20 || response.getShort(0) != BINDING_SUCCESS) {
      return false;
    }
    byte[] head = new byte[16];
    response.position(4);
    response.get(head);
    return Arrays.equals(head, 0, 16, request, 4, 20);
  }
}
