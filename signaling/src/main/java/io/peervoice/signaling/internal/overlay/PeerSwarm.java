package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.NodeLoad;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.List;

/**
 * Many simulated peers attached to one node, each on its own UDP socket bound to its own loopback
 * address ({@code 127.1.0.1} and up, skipping .0 and .255: a node keeps one attachment per address
 * and quotas per IP), all driven by one thread through an NIO selector. Each peer does what {@link
 * NodeLinks} and {@link RecordPublisher} do, on the real wire: address proof (HELLO, COOKIE, HELLO
 * with the cookie), node id proof (PING with a nonce), a signed v3 ATTACH, a signed PUBLISH of its
 * record; then a PING every keepalive and a new record every republish period, the first of each at
 * a random point of its period (as in a fleet's steady state). A PONG saying the node no longer
 * holds the attachment makes it attach again. Handshakes run {@link Plan#inFlight()} at a time; a
 * request unanswered within a second is sent again; after six tries the handshake starts over, four
 * times at most.
 */
public final class PeerSwarm implements AutoCloseable {
  /**
   * What to simulate.
   *
   * @param firstAddress the index of the first peer's address: index {@code i} binds {@code 127.(1
   *     + b / 256).(b % 256).(1 + i % 254)} with {@code b = i / 254} (no .0 or .255)
   * @param verifyEvery the peer checks the node's id proof itself every this many peers (the node
   *     signs every nonce alike; checking them all only costs the simulator)
   */
  public record Plan(
      InetSocketAddress node,
      PeerId nodeId,
      int peers,
      int firstAddress,
      long keepaliveMillis,
      long republishMillis,
      long recordLifetimeMillis,
      int inFlight,
      int verifyEvery) {}

  private final Plan plan;
  private final WireCodec codec = new WireCodec();
  private final Selector selector;
  private final DatagramChannel[] channels;
  private final SwarmPeers peers;
  private final ByteBuffer in = ByteBuffer.allocate(2048);
  private final Thread thread;
  private volatile long sendDropped;
  private volatile boolean closed;
  private volatile Throwable crashed;

  /**
   * Opens one socket per peer and starts the swarm's thread.
   *
   * @throws IOException if a socket cannot be opened or bound (the message says which, and to raise
   *     {@code ulimit -n} when file descriptors ran out)
   */
  public PeerSwarm(Plan plan) throws IOException {
    this.plan = plan;
    int n = plan.peers();
    selector = Selector.open();
    channels = new DatagramChannel[n];
    peers = new SwarmPeers(plan, this::send);
    try {
      for (int i = 0; i < n; i++) {
        channels[i] = open(plan.firstAddress() + i);
        channels[i].register(selector, SelectionKey.OP_READ, i);
      }
    } catch (IOException e) {
      close();
      boolean fds = String.valueOf(e.getMessage()).contains("Too many open files");
      throw new IOException(
          (fds ? "ran out of file descriptors" : "could not bind a socket")
              + " after "
              + countOpen()
              + " of "
              + n
              + " peers ("
              + e.getMessage()
              + ")"
              + (fds ? ": raise ulimit -n or simulate fewer peers per process" : ""),
          e);
    }
    thread = new Thread(this::run, "peervoice-swarm");
    thread.setDaemon(true);
    thread.start();
  }

  private static DatagramChannel open(int index) throws IOException {
    int block = index / 254;
    byte[] b = {127, (byte) (1 + block / 256), (byte) block, (byte) (1 + index % 254)};
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      ch.bind(new InetSocketAddress(InetAddress.getByAddress(b), 0));
      ch.configureBlocking(false);
      return ch;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }

  private int countOpen() {
    int open = 0;
    for (DatagramChannel c : channels) {
      open += c == null ? 0 : 1;
    }
    return open;
  }

  private void run() {
    long nextScan = 0;
    try {
      while (!closed) {
        selector.select(10);
        for (SelectionKey key : selector.selectedKeys()) {
          drain((DatagramChannel) key.channel(), (Integer) key.attachment());
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime() / 1_000_000;
        if (now >= nextScan) {
          peers.scan(now);
          nextScan = now + 20;
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        crashed = e;
      }
    }
  }

  private void drain(DatagramChannel ch, int i) throws IOException {
    while (true) {
      in.clear();
      SocketAddress from = ch.receive(in);
      if (from == null) {
        return;
      }
      if (!plan.node().equals(from)) {
        continue;
      }
      try {
        peers.onReply(i, codec.decode(Arrays.copyOf(in.array(), in.position())));
      } catch (WireException e) {
        peers.refused("malformed reply");
      }
    }
  }

  private void send(byte[] datagram, int i) {
    try {
      if (channels[i].send(ByteBuffer.wrap(datagram), plan.node()) == 0) {
        sendDropped++;
      }
    } catch (IOException e) {
      sendDropped++;
    }
  }

  /** Counters so far (safe from any thread; a snapshot that may be a moment old). */
  public NodeLoad.Counts counts() {
    return peers.counts(sendDropped);
  }

  /** Why the swarm's thread stopped, if it did on an error. */
  public Throwable crashed() {
    return crashed;
  }

  /** The ids of the peers attached now. */
  public List<PeerId> peerIds() {
    return peers.peerIds();
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (thread != null) {
        thread.join(2_000);
      }
      selector.close();
    } catch (IOException e) {
      // closing anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (DatagramChannel c : channels) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
