package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeLoad;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Many simulated peers attached to one node, each on its own UDP socket bound to its own loopback
 * address ({@code 127.1.0.1} and up, skipping .0 and .255: a node keeps one attachment per address
 * and quotas per IP), all driven by one thread through an NIO selector. Each peer does what {@link
 * NodeLinks} and {@link RecordPublisher} do, on the real wire: address proof (HELLO, COOKIE, HELLO
 * with the cookie), node id proof (PING with a nonce), a signed v3 ATTACH, a signed PUBLISH of its
 * record; then a PING every keepalive and a new record every republish period, the first of each at
 * a random point of its period (as in a fleet's steady state). A PONG saying the node no longer
 * holds the attachment makes it attach again. Handshakes run {@link Plan#inFlight()} at a time; a
 * request unanswered within a second is sent again (six times at most).
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

  private enum Step {
    IDLE,
    HELLO,
    PROVE,
    NODE_ID,
    ATTACH,
    PUBLISH,
    ATTACHED,
    FAILED
  }

  private static final long RETRY_MILLIS = 1_000;
  private static final int TRIES = 6;

  private final Plan plan;
  private final WireCodec codec = new WireCodec();
  private final RecordCodec records = new RecordCodec();
  private final SecureRandom random = new SecureRandom();
  private final SplittableRandom phase = new SplittableRandom(17);
  private final Selector selector;
  private final DatagramChannel[] channels;
  private final Identity[] identities;
  private final Step[] step;
  private final long[] tx;
  private final long[] deadline;
  private final int[] tries;
  private final byte[][] pending;
  private final byte[][] cookie;
  private final byte[][] nonce;
  private final long[] pingTx;
  private final long[] nextPing;
  private final long[] nextPublish;
  private final ByteBuffer in = ByteBuffer.allocate(2048);
  private final Map<String, Long> refusals = new TreeMap<>();
  private final Thread thread;
  private long nextTx = 1;
  private int started;
  private int handshaking;
  private volatile int attached;
  private volatile int failed;
  private volatile long pingsSent;
  private volatile long pongs;
  private volatile long missed;
  private volatile long lost;
  private volatile long published;
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
    identities = new Identity[n];
    step = new Step[n];
    Arrays.fill(step, Step.IDLE);
    tx = new long[n];
    deadline = new long[n];
    tries = new int[n];
    pending = new byte[n][];
    cookie = new byte[n][];
    nonce = new byte[n][];
    pingTx = new long[n];
    nextPing = new long[n];
    nextPublish = new long[n];
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
          scan(now);
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
        onReply(i, codec.decode(Arrays.copyOf(in.array(), in.position())));
      } catch (WireException e) {
        refused("malformed reply");
      }
    }
  }

  private void scan(long now) {
    while (handshaking < plan.inFlight() && started < plan.peers()) {
      begin(started++, now);
    }
    for (int i = 0; i < plan.peers(); i++) {
      Step s = step[i];
      if (s == Step.ATTACHED) {
        if (nextPing[i] <= now) {
          ping(i, now);
        }
        if (nextPublish[i] <= now) {
          publish(i, now, false);
        }
      } else if (s != Step.IDLE && s != Step.FAILED && deadline[i] <= now) {
        if (++tries[i] >= TRIES) {
          fail(i, "no answer to " + s);
        } else {
          deadline[i] = now + RETRY_MILLIS;
          send(i, pending[i]);
        }
      }
    }
  }

  private void begin(int i, long now) {
    if (identities[i] == null) {
      identities[i] = Identity.generate(random);
    }
    handshaking++;
    request(
        i, Step.HELLO, now, t -> new Msg.Hello(t, new byte[0], new byte[AddressProofs.PADDING]));
  }

  private void request(int i, Step s, long now, java.util.function.LongFunction<Msg> build) {
    step[i] = s;
    tx[i] = nextTx++;
    tries[i] = 0;
    deadline[i] = now + RETRY_MILLIS;
    pending[i] = codec.encode(build.apply(tx[i]));
    send(i, pending[i]);
  }

  private void onReply(int i, Msg msg) {
    long now = System.nanoTime() / 1_000_000;
    if (step[i] == Step.ATTACHED) {
      onAttachedReply(i, msg, now);
      return;
    }
    if (msg.tx() != tx[i]) {
      return;
    }
    switch (step[i]) {
      case HELLO -> {
        if (msg instanceof Msg.CookieReply c) {
          cookie[i] = c.cookie();
          request(i, Step.PROVE, now, t -> new Msg.Hello(t, cookie[i], new byte[0]));
        }
      }
      case PROVE -> {
        if (OverlayRequests.ok(msg)) {
          nonce[i] = new byte[16];
          random.nextBytes(nonce[i]);
          request(i, Step.NODE_ID, now, t -> new Msg.Ping(t, nonce[i], new byte[0]));
        } else {
          status(i, msg, now);
        }
      }
      case NODE_ID -> {
        if (msg instanceof Msg.Pong p && p.signature().length == 64) {
          if (i % plan.verifyEvery() == 0
              && !plan.nodeId().equals(NodeVerifier.provenBy(p, nonce[i]))) {
            fail(i, "bad node id proof");
          } else {
            attach(i, now);
          }
        } else {
          status(i, msg, now);
        }
      }
      case ATTACH -> {
        if (OverlayRequests.ok(msg)) {
          publish(i, now, true);
        } else {
          status(i, msg, now);
        }
      }
      case PUBLISH -> {
        if (OverlayRequests.ok(msg)) {
          step[i] = Step.ATTACHED;
          handshaking--;
          attached++;
          published++;
          // at a random phase, as a fleet of peers in its steady state: the measurement need not
          // wait a republish period to see republishing at its steady rate
          nextPing[i] = now + 1 + phase.nextLong(plan.keepaliveMillis());
          nextPublish[i] = now + 1 + phase.nextLong(plan.republishMillis());
          pending[i] = null;
          nonce[i] = null;
        } else {
          status(i, msg, now);
        }
      }
      default -> {}
    }
  }

  private void onAttachedReply(int i, Msg msg, long now) {
    if (msg instanceof Msg.Pong p && p.tx() == pingTx[i]) {
      pingTx[i] = 0;
      pongs++;
      if (!p.attached()) {
        lost++;
        attached--;
        handshaking++;
        request(
            i,
            Step.HELLO,
            now,
            t -> new Msg.Hello(t, new byte[0], new byte[AddressProofs.PADDING]));
      }
    } else if (msg instanceof Msg.Status s && s.tx() == tx[i]) {
      if (s.code() == StatusCode.OK.wire()) {
        published++;
      } else {
        refused("republish: " + StatusCode.of(s.code()).name());
      }
    }
  }

  /** A refusal during the handshake: try again later if the node was only busy, else give up. */
  private void status(int i, Msg msg, long now) {
    if (msg instanceof Msg.CookieReply) {
      begin(i, now);
      handshaking--;
      return;
    }
    String why =
        msg instanceof Msg.Status s ? StatusCode.of(s.code()).name() : msg.getClass().getName();
    if (msg instanceof Msg.Status s
        && (s.code() == StatusCode.RATE_LIMITED.wire()
            || s.code() == StatusCode.OVERLOADED.wire())) {
      refused(step[i] + ": " + why + " (retried)");
      deadline[i] = now + RETRY_MILLIS;
      return;
    }
    fail(i, step[i] + ": " + why);
  }

  private void attach(int i, long now) {
    long ts = System.currentTimeMillis();
    byte[] device = AttachProof.deviceBytes(i + 1L);
    Identity id = identities[i];
    byte[] signature = id.sign(AttachProof.signed(plan.nodeId(), cookie[i], ts, device));
    var pub = id.publicIdentity();
    request(
        i,
        Step.ATTACH,
        now,
        t ->
            new Msg.Attach(
                t,
                pub.signingKey(),
                pub.agreementKey(),
                plan.nodeId().bytes(),
                ts,
                signature,
                cookie[i],
                device));
  }

  private void publish(int i, long now, boolean handshake) {
    long wall = System.currentTimeMillis();
    LocationRecord record =
        LocationRecord.sign(
            identities[i],
            List.of(new NodeRef(plan.nodeId(), plan.node()).toAddress()),
            wall,
            Instant.ofEpochMilli(wall + plan.recordLifetimeMillis()));
    byte[] wire = records.encode(record);
    if (handshake) {
      request(i, Step.PUBLISH, now, t -> new Msg.Publish(t, wire));
    } else {
      tx[i] = nextTx++;
      send(i, codec.encode(new Msg.Publish(tx[i], wire)));
      nextPublish[i] = now + plan.republishMillis();
    }
  }

  private void ping(int i, long now) {
    if (pingTx[i] != 0) {
      missed++;
    }
    pingTx[i] = nextTx++;
    pingsSent++;
    send(i, codec.encode(new Msg.Ping(pingTx[i], new byte[0], new byte[0])));
    nextPing[i] = now + plan.keepaliveMillis();
  }

  private void send(int i, byte[] datagram) {
    try {
      if (channels[i].send(ByteBuffer.wrap(datagram), plan.node()) == 0) {
        sendDropped++;
      }
    } catch (IOException e) {
      sendDropped++;
    }
  }

  private void fail(int i, String why) {
    step[i] = Step.FAILED;
    handshaking--;
    failed++;
    pending[i] = null;
    refused(why);
  }

  private void refused(String why) {
    synchronized (refusals) {
      refusals.merge(why, 1L, Long::sum);
    }
  }

  /** Counters so far (safe from any thread; a snapshot that may be a moment old). */
  public NodeLoad.Counts counts() {
    Map<String, Long> why;
    synchronized (refusals) {
      why = Map.copyOf(refusals);
    }
    return new NodeLoad.Counts(
        attached, failed, pingsSent, pongs, missed, lost, published, sendDropped, why);
  }

  /** Why the swarm's thread stopped, if it did on an error. */
  public Throwable crashed() {
    return crashed;
  }

  /** The ids of the peers that have an identity (generated as their handshake starts). */
  public List<PeerId> peerIds() {
    List<PeerId> ids = new ArrayList<>();
    for (Identity id : identities) {
      if (id != null) {
        ids.add(id.peerId());
      }
    }
    return ids;
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
