package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import io.peervoice.signaling.RecordCheck;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rendezvous node's logic: answers STUN, Kademlia queries (ping, find-node, store, find-record),
 * attaches peers and pushes routed messages down their attachments. Every datagram is rate-limited
 * per source before it is decoded; records and attachments are checked before they create state;
 * malformed input is counted and dropped. Single-threaded: call everything on the {@link Env}
 * thread.
 */
public final class OverlayNode {
  private static final Logger log = LoggerFactory.getLogger(OverlayNode.class);

  private final Identity identity;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final WireCodec codec = new WireCodec();
  private final RecordCodec records = new RecordCodec();
  private final Kademlia kademlia;
  private final Replication replication;
  private final RecordStore store;
  private final Attachments attachments;
  private final RateLimiter limiter;
  private final Requests requests;
  private boolean closed;

  public OverlayNode(
      Identity identity, NodeSettings settings, Env env, NodeCounters counters, long seed) {
    this.identity = identity;
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    SplittableRandom random = new SplittableRandom(seed);
    this.requests = new Requests(env, settings.maxPending(), random.nextLong());
    this.store = new RecordStore(settings.maxRecords());
    this.attachments = new Attachments(settings.maxAttachments(), settings.attachIdleMillis());
    this.limiter =
        new RateLimiter(settings.ratePerSource(), settings.burstPerSource(), settings.maxSources());
    this.kademlia =
        new Kademlia(identity, settings, env, counters, codec, requests, random.split());
    this.replication =
        new Replication(
            kademlia,
            settings,
            env,
            counters,
            codec,
            requests,
            identity.publicIdentity().signingKey());
  }

  public PeerId id() {
    return identity.peerId();
  }

  /** Joins the overlay through {@code bootstrap} and starts the periodic work. */
  public void start(List<InetSocketAddress> bootstrap) {
    kademlia.bootstrap(bootstrap);
    every(1_000, () -> attachments.sweep(env.nowMillis()));
    every(10_000, () -> store.sweep(env.wallMillis()));
    every(settings.refreshMillis(), kademlia::refresh);
  }

  private void every(long millis, Runnable task) {
    env.schedule(
        millis,
        () -> {
          if (!closed) {
            task.run();
            every(millis, task);
          }
        });
  }

  public void close() {
    closed = true;
  }

  public int routingTableSize() {
    return kademlia.table().size();
  }

  public int records() {
    return store.size();
  }

  public int attachments() {
    return attachments.size();
  }

  public int pending() {
    return requests.size();
  }

  /** An iterative lookup from this node, for simulations and tests. */
  public void findNode(PeerId target, java.util.function.Consumer<IterativeLookup.Result> done) {
    kademlia.lookup(target, false, done);
  }

  /** An iterative record lookup from this node, for simulations and tests. */
  public void findRecord(PeerId peer, java.util.function.Consumer<IterativeLookup.Result> done) {
    kademlia.lookup(peer, true, done);
  }

  /** Handles one datagram from {@code from}. Never throws. */
  public void received(InetSocketAddress from, byte[] data) {
    if (closed) {
      return;
    }
    counters.add(Event.RECEIVED);
    if (StunResponder.isStun(data)) {
      byte[] response = StunResponder.respond(data, from);
      if (response != null) {
        counters.add(Event.STUN_BINDING);
        env.send(from, response);
      } else {
        counters.add(Event.MALFORMED);
      }
      return;
    }
    long now = env.nowMillis();
    if (!limiter.allow(from, now)) {
      counters.add(Event.RATE_LIMITED);
      return;
    }
    Msg msg;
    try {
      msg = codec.decode(data);
    } catch (WireException e) {
      counters.add(Event.MALFORMED);
      log.debug("dropped a datagram from {}: {}", from, e.getMessage());
      return;
    }
    attachments.touch(from, now);
    try {
      dispatch(from, msg);
    } catch (RuntimeException e) {
      counters.add(Event.MALFORMED);
      log.warn("failed on a {} from {}", msg.getClass().getSimpleName(), from, e);
    }
  }

  private void dispatch(InetSocketAddress from, Msg msg) {
    if (msg instanceof Msg.Ping m) {
      counters.add(Event.PING);
      kademlia.onPing(from, m);
    } else if (msg instanceof Msg.FindNode m) {
      counters.add(Event.FIND_NODE);
      kademlia.heardFrom(from, m.senderKey());
      reply(from, new Msg.Nodes(m.tx(), kademlia.contacts(new PeerId(m.target()), from)));
    } else if (msg instanceof Msg.FindRecord m) {
      counters.add(Event.FIND_RECORD);
      kademlia.heardFrom(from, m.senderKey());
      PeerId peer = new PeerId(m.peer());
      byte[] held = store.get(peer, env.wallMillis());
      reply(
          from,
          new Msg.RecordReply(
              m.tx(), held == null ? new byte[0] : held, kademlia.contacts(peer, from)));
    } else if (msg instanceof Msg.Store m) {
      counters.add(Event.STORE);
      kademlia.heardFrom(from, m.senderKey());
      RecordCheck check = storeRecord(m.record(), null);
      reply(from, status(m.tx(), check));
    } else if (msg instanceof Msg.Attach m) {
      onAttach(from, m);
    } else if (msg instanceof Msg.Publish m) {
      onPublish(from, m);
    } else if (msg instanceof Msg.Lookup m) {
      onLookup(from, m);
    } else if (msg instanceof Msg.Route m) {
      onRoute(from, m);
    } else if (!requests.reply(from, msg)) {
      counters.add(Event.UNSOLICITED);
    }
  }

  private Msg.Status status(long tx, RecordCheck check) {
    return check == RecordCheck.VALID
        ? new Msg.Status(tx, StatusCode.OK.wire(), 0)
        : new Msg.Status(tx, StatusCode.REJECTED_RECORD.wire(), check.ordinal());
  }

  private void reply(InetSocketAddress to, Msg msg) {
    env.send(to, codec.encode(msg));
  }

  private void fail(InetSocketAddress to, long tx, StatusCode code) {
    reply(to, new Msg.Status(tx, code.wire(), 0));
  }

  /**
   * Checks a record and stores it if it is valid and newer; {@code owner}, if given, must be the
   * record's peer.
   */
  private RecordCheck storeRecord(byte[] wire, PeerId owner) {
    LocationRecord record;
    try {
      record = records.decode(wire);
    } catch (WireException e) {
      counters.add(Event.STORE_REJECTED);
      return RecordCheck.MALFORMED;
    }
    PeerId peer = owner == null ? record.peer() : owner;
    long wall = env.wallMillis();
    long held = store.sequence(peer, wall);
    RecordCheck check =
        record.check(
            peer,
            Instant.ofEpochMilli(wall),
            Duration.ofMillis(settings.maxRecordLifetimeMillis()),
            held);
    if (check == RecordCheck.NOT_NEWER && record.sequence() == held) {
      return RecordCheck.VALID;
    }
    if (check != RecordCheck.VALID) {
      counters.add(Event.STORE_REJECTED);
      return check;
    }
    if (!store.put(peer, wire, record.sequence(), record.expires().toEpochMilli())) {
      counters.add(Event.OVERLOADED);
      return RecordCheck.NOT_NEWER;
    }
    return check;
  }

  private void onAttach(InetSocketAddress from, Msg.Attach m) {
    PublicIdentity peer = new PublicIdentity(m.signingKey(), m.agreementKey());
    boolean fresh = Math.abs(env.wallMillis() - m.timestampMillis()) <= settings.attachSkewMillis();
    if (!fresh
        || !new PeerId(m.node()).equals(id())
        || !NodeVerifier.attachValid(peer, id(), m.timestampMillis(), m.signature())) {
      counters.add(Event.ATTACH_REJECTED);
      fail(from, m.tx(), StatusCode.BAD_ATTACH);
      return;
    }
    if (!attachments.attach(peer, from, env.nowMillis())) {
      counters.add(Event.OVERLOADED);
      fail(from, m.tx(), StatusCode.OVERLOADED);
      return;
    }
    counters.add(Event.ATTACH);
    reply(from, new Msg.Status(m.tx(), StatusCode.OK.wire(), 0));
  }

  private void onPublish(InetSocketAddress from, Msg.Publish m) {
    counters.add(Event.PUBLISH);
    PeerId owner = attachments.peerAt(from);
    if (owner == null) {
      fail(from, m.tx(), StatusCode.NOT_ATTACHED_SENDER);
      return;
    }
    RecordCheck check = storeRecord(m.record(), owner);
    if (check != RecordCheck.VALID) {
      reply(from, status(m.tx(), check));
      return;
    }
    replication.replicate(
        owner, m.record(), stored -> reply(from, new Msg.Status(m.tx(), 0, stored + 1)));
  }

  private void onLookup(InetSocketAddress from, Msg.Lookup m) {
    counters.add(Event.LOOKUP);
    if (attachments.peerAt(from) == null) {
      fail(from, m.tx(), StatusCode.NOT_ATTACHED_SENDER);
      return;
    }
    PeerId peer = new PeerId(m.peer());
    byte[] local = store.get(peer, env.wallMillis());
    replication.findRecord(
        peer,
        local,
        best ->
            reply(from, new Msg.RecordReply(m.tx(), best == null ? new byte[0] : best, List.of())));
  }

  private void onRoute(InetSocketAddress from, Msg.Route m) {
    Attachments.Attached target = attachments.get(new PeerId(m.target()));
    if (target == null) {
      counters.add(Event.DELIVERY_FAILED);
      fail(from, m.tx(), StatusCode.NOT_ATTACHED);
      return;
    }
    InetSocketAddress to = target.address;
    long pushTx =
        requests.open(
            to,
            settings.pushTimeoutMillis(),
            ack -> {
              counters.add(Event.DELIVERED);
              reply(from, new Msg.Status(m.tx(), StatusCode.OK.wire(), 0));
            },
            () -> {
              counters.add(Event.DELIVERY_FAILED);
              fail(from, m.tx(), StatusCode.PEER_TIMEOUT);
            });
    if (pushTx < 0) {
      counters.add(Event.OVERLOADED);
      fail(from, m.tx(), StatusCode.OVERLOADED);
      return;
    }
    counters.add(Event.ROUTED);
    env.send(
        to,
        codec.encode(
            new Msg.Deliver(pushTx, m.messageId(), m.fragment(), m.fragments(), m.payload())));
  }
}
