package io.peervoice.demo;

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
 * timeout. Requests are retransmitted at 0, 250, 750 and 1,750 ms.
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
    SecureRandom random = new SecureRandom();
    List<Probe> alive = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      try {
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
        return await(selector, alive, timeout);
      } finally {
        for (Probe p : alive) {
          p.channel().close();
        }
      }
    }
  }

  private static Optional<InetSocketAddress> await(
      Selector selector, List<Probe> probes, Duration timeout) throws IOException {
    List<Probe> alive = new ArrayList<>(probes);
    long start = System.nanoTime();
    long deadline = timeout.toMillis();
    int sends = 0;
    ByteBuffer in = ByteBuffer.allocate(1_500);
    while (!alive.isEmpty()) {
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
