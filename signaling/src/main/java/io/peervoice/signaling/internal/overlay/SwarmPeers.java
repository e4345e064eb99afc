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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.ObjIntConsumer;

/**
 * The protocol side of {@link PeerSwarm}: each simulated peer's state (in arrays, one slot a peer)
 * and its steps, as {@link NodeLinks} and {@link RecordPublisher} take them: HELLO, COOKIE, HELLO
 * with the cookie; PING with a nonce; signed ATTACH; signed PUBLISH; then PINGs and republished
 * records. Runs on the swarm's thread; the counters are read from others.
 */
final class SwarmPeers {
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
  private static final int RESTARTS = 4;

  private final PeerSwarm.Plan plan;
  private final ObjIntConsumer<byte[]> out;
  private final WireCodec codec = new WireCodec();
  private final RecordCodec records = new RecordCodec();
  private final SecureRandom random = new SecureRandom();
  private final SplittableRandom phase = new SplittableRandom(17);
  private final Identity[] identities;
  private final Step[] step;
  private final long[] tx;
  private final long[] deadline;
  private final int[] tries;
  private final byte[] restarts;
  private final byte[][] pending;
  private final byte[][] cookie;
  private final byte[][] nonce;
  private final long[] pingTx;
  private final long[] nextPing;
  private final long[] nextPublish;
  private final Map<String, Long> refusals = new TreeMap<>();
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

  /** {@code out} sends a datagram from peer {@code i} to the node. */
  SwarmPeers(PeerSwarm.Plan plan, ObjIntConsumer<byte[]> out) {
    this.plan = plan;
    this.out = out;
    int n = plan.peers();
    identities = new Identity[n];
    step = new Step[n];
    Arrays.fill(step, Step.IDLE);
    tx = new long[n];
    deadline = new long[n];
    tries = new int[n];
    restarts = new byte[n];
    pending = new byte[n][];
    cookie = new byte[n][];
    nonce = new byte[n][];
    pingTx = new long[n];
    nextPing = new long[n];
    nextPublish = new long[n];
  }

  private void send(int i, byte[] datagram) {
    out.accept(datagram, i);
  }

  /** Starts handshakes, resends what went unanswered, and sends what is due. */
  void scan(long now) {
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
        if (++tries[i] >= TRIES && restarts[i] >= RESTARTS) {
          fail(i, "no answer to " + s);
        } else if (tries[i] >= TRIES) {
          // as a client does after a node failed it: start over (a busy machine, not a refusal)
          restarts[i]++;
          refused("no answer to " + s + " (started over)");
          handshaking--;
          begin(i, now);
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

  private void request(int i, Step s, long now, LongFunction<Msg> build) {
    step[i] = s;
    tx[i] = nextTx++;
    tries[i] = 0;
    deadline[i] = now + RETRY_MILLIS;
    pending[i] = codec.encode(build.apply(tx[i]));
    send(i, pending[i]);
  }

  /** A datagram from the node to peer {@code i}. */
  void onReply(int i, Msg msg) {
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

  private void fail(int i, String why) {
    step[i] = Step.FAILED;
    handshaking--;
    failed++;
    pending[i] = null;
    refused(why);
  }

  void refused(String why) {
    synchronized (refusals) {
      refusals.merge(why, 1L, Long::sum);
    }
  }

  /** Counters so far (safe from any thread; a snapshot that may be a moment old). */
  NodeLoad.Counts counts(long sendDropped) {
    Map<String, Long> why;
    synchronized (refusals) {
      why = Map.copyOf(refusals);
    }
    return new NodeLoad.Counts(
        attached, failed, pingsSent, pongs, missed, lost, published, sendDropped, why);
  }

  /** The ids of the peers attached now (read on another thread: a moment's staleness is fine). */
  List<PeerId> peerIds() {
    List<PeerId> ids = new ArrayList<>();
    for (int i = 0; i < identities.length; i++) {
      if (step[i] == Step.ATTACHED && identities[i] != null) {
        ids.add(identities[i].peerId());
      }
    }
    return ids;
  }
}
