package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rendezvous node's logic: answers STUN, Kademlia queries (ping, find-node, store, find-record),
 * attaches peers and pushes routed messages down their attachments. Every datagram first passes the
 * {@link SourceGate} (per-IP rate limit before decoding, address proof, no reply larger than the
 * request to an unproven source); signatures made for others come out of a {@link SignatureBudget};
 * records and attachments are checked before they create state; malformed input is counted and
 * dropped. Single-threaded: call everything on the {@link Env} thread.
 */
public final class OverlayNode {
  private static final Logger log = LoggerFactory.getLogger(OverlayNode.class);

  private final Identity identity;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final WireCodec codec = new WireCodec();
  private final Kademlia kademlia;
  private final Replication replication;
  private final RecordDesk records;
  private final Attachments attachments;
  private final OverlayRequests requests;
  private final SourceGate gate;
  private final SignatureBudget signatures;
  private final RecordRequests recordRequests;
  private final AttachDesk attachDesk;
  private final Router router;
  private final RecentPublishes publishes;
  private final NoteDesk notes; // S6 missed
  private final Forwarder forwarder; // S7 webroute
  private boolean closed;

  /** A node whose cookie secrets come from {@code seed} (deterministic: for simulations). */
  public OverlayNode(
      Identity identity, NodeSettings settings, Env env, NodeCounters counters, long seed) {
    this(
        identity,
        settings,
        env,
        counters,
        seed,
        new SplittableRandom(seed ^ 0x5DEECE66DL)::nextBytes);
  }

  /** A node whose cookie secrets come from {@code secrets}. */
  public OverlayNode(
      Identity identity,
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      long seed,
      SecureRandom secrets) {
    this(identity, settings, env, counters, seed, (Consumer<byte[]>) secrets::nextBytes);
  }

  private OverlayNode(
      Identity identity,
      NodeSettings settings,
      Env world,
      NodeCounters counters,
      long seed,
      Consumer<byte[]> secretBytes) {
    this.identity = identity;
    this.settings = settings;
    this.env = new CountingEnv(world, counters);
    this.counters = counters;
    NodeGuards g = settings.guards();
    SplittableRandom random = new SplittableRandom(seed);
    this.requests = new OverlayRequests(env, codec, settings.maxPending(), random.nextLong());
    this.records = new RecordDesk(identity.peerId(), settings, env, counters);
    this.attachments =
        new Attachments(
            settings.maxAttachments(), g.attachmentsPerIp(), settings.attachIdleMillis());
    this.gate =
        new SourceGate(settings, env, counters, codec, secretBytes, attachments::attachedAt);
    attachments.onRemoved(a -> gate.detached(a.address(), a.lastSeenMillis));
    this.signatures =
        new SignatureBudget(g.signaturesPerIp(), g.signaturesOverall(), settings.maxSources());
    this.attachDesk =
        new AttachDesk(identity.peerId(), settings, env, counters, attachments, signatures, gate);
    AddressProofs proofs =
        new AddressProofs(env, requests, settings.requestTimeoutMillis(), 65_536);
    this.kademlia = new Kademlia(identity, settings, env, counters, codec, proofs, random.split());
    this.replication =
        new Replication(
            kademlia, settings, env, counters, proofs, identity.publicIdentity().signingKey());
    this.router = new Router(settings, env, counters, codec, attachments, requests);
    this.publishes = new RecentPublishes(g.publishRepeatMillis(), 65_536);
    this.notes =
        new NoteDesk(
            identity,
            settings,
            env,
            counters,
            codec,
            attachments,
            requests,
            signatures,
            kademlia,
            proofs);
    records.onStored(notes::recordStored); // S9 notes: hand held notes over
    this.recordRequests =
        new RecordRequests(
            env,
            counters,
            records,
            attachments,
            kademlia,
            replication,
            publishes,
            this::reply,
            () -> closed);
    this.forwarder =
        new Forwarder(identity.peerId(), router, kademlia, replication, records, proofs);
  }

  public PeerId id() {
    return identity.peerId();
  }

  /** Our TCP and TLS ports (0: none), named in our PONGs so peers and nodes learn them. */
  public void streamPorts(int tcp, int tls) {
    kademlia.streamPorts(tcp, tls);
  }

  /** Joins the overlay through {@code bootstrap} and starts the periodic work. */
  public void start(List<InetSocketAddress> bootstrap) {
    warmUp();
    kademlia.bootstrap(bootstrap);
    every(
        1_000,
        () -> {
          attachments.sweep(env.nowMillis());
          gate.sweep();
          signatures.sweep(env.nowMillis());
          publishes.sweep(env.nowMillis());
          notes.sweep(env.nowMillis());
        });
    every(10_000, () -> records.store().sweep(env.wallMillis()));
    every(settings.refreshMillis(), kademlia::refresh);
  }

  /** Warms the cookie and signature code: cold, the first COOKIE took ~240 ms (too long). */
  private void warmUp() {
    gate.warmUp();
    byte[] nonce = new byte[16];
    NodeVerifier.verify(
        identity.publicIdentity().signingKey(), nonce, NodeVerifier.prove(identity, nonce));
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

  /** Stops the periodic work and answers nothing more; requests in flight fail (CLOSED). */
  public void close() {
    closed = true;
    requests.close();
  }

  public int routingTableSize() {
    return kademlia.table().size();
  }

  public int records() {
    return records.store().size();
  }

  /** Bytes of location records held, as counted against {@link NodeGuards#maxRecordBytes()}. */
  public long recordBytes() {
    return records.store().bytes();
  }

  HeldNotes heldNotes() { // S6 missed
    return notes.notes();
  }

  public int attachments() {
    return attachments.size();
  }

  public int pending() {
    return requests.pending();
  }

  /** Source addresses currently proven. */
  public int provenSources() {
    return gate.provenSources();
  }

  /** How many devices of {@code peer} are attached here. */
  public int devicesOf(PeerId peer) {
    return attachments.deviceCount(peer);
  }

  /** Forgets a peer's attachments, as a node restart would (for tests). */
  void detach(PeerId peer) {
    attachments.detach(peer);
  }

  /** An iterative lookup from this node, for simulations and tests. */
  public void findNode(PeerId target, Consumer<IterativeLookup.Result> done) {
    kademlia.lookup(target, false, done);
  }

  /** An iterative record lookup from this node, for simulations and tests. */
  public void findRecord(PeerId peer, Consumer<IterativeLookup.Result> done) {
    kademlia.lookup(peer, true, done);
  }

  /** Treats {@code address} as proven without a cookie round trip (tests). */
  void markProven(InetSocketAddress address) {
    gate.proven(address);
  }

  /**
   * A stream connection (TCP or TLS) from {@code from} opened: its handshake proved the address, so
   * it needs no cookie round trip before its requests are answered (an ATTACH still carries a
   * cookie, which binds its signature to this address). False if {@code from} is attached over UDP:
   * the same address and port in both transports would mix their answers, so the connection is
   * refused (the peer reconnects from another port).
   */
  boolean streamOpened(InetSocketAddress from) {
    if (closed || attachments.attachedAt(from)) {
      return false;
    }
    gate.proven(from);
    return true;
  }

  /** The stream connection from {@code from} closed: its attachment and proof end with it. */
  void streamClosed(InetSocketAddress from) {
    attachments.detachAt(from);
    gate.forget(from);
  }

  /** Handles one datagram from {@code from}. Never throws. */
  public void received(InetSocketAddress from, byte[] data) {
    if (closed) {
      return;
    }
    SourceGate.Admitted admitted = gate.admit(from, data);
    if (admitted == null) {
      return;
    }
    Msg msg = admitted.msg();
    try {
      if (OverlayRequests.isAnswer(msg)) {
        if (!requests.reply(from, msg)) {
          counters.add(Event.UNSOLICITED);
        }
      } else if (!admitted.proven()) {
        gate.sendCookie(from, msg.tx(), data.length);
      } else {
        attachments.touch(from, env.nowMillis());
        dispatch(from, msg);
      }
    } catch (RuntimeException e) {
      counters.add(Event.MALFORMED);
      log.warn("failed on a {} from {}", msg.getClass().getSimpleName(), from, e);
    }
  }

  private void dispatch(InetSocketAddress from, Msg msg) {
    if (msg instanceof Msg.Ping m) {
      onPing(from, m);
    } else if (msg instanceof Msg.FindNode m) {
      counters.add(Event.FIND_NODE);
      kademlia.heardFrom(from, m.senderKey());
      reply(from, new Msg.Nodes(m.tx(), kademlia.contacts(new PeerId(m.target()), from)));
    } else if (msg instanceof Msg.FindRecord m) {
      counters.add(Event.FIND_RECORD);
      kademlia.heardFrom(from, m.senderKey());
      PeerId peer = new PeerId(m.peer());
      byte[] held = records.get(peer);
      reply(
          from,
          new Msg.RecordReply(
              m.tx(), held == null ? new byte[0] : held, kademlia.contacts(peer, from)));
    } else if (msg instanceof Msg.Store m) {
      recordRequests.onStore(from, m);
    } else if (msg instanceof Msg.Attach m) {
      RecordDesk.Outcome outcome = attachDesk.attach(from, m);
      if (outcome.ok()) gate.attached(from);
      answer(from, m.tx(), outcome);
      if (outcome.ok()) notes.attached(from); // S6 missed: push what is held for it
    } else if (msg instanceof Msg.Publish m) {
      recordRequests.onPublish(from, m);
    } else if (msg instanceof Msg.Lookup m) {
      recordRequests.onLookup(from, m);
    } else if (msg instanceof Msg.Route m) {
      router.route(from, m);
    } else if (msg instanceof Msg.Hold m) {
      notes.hold(from, m);
    } else if (msg instanceof Msg.Forward m) {
      forwarder.forward(from, m); // S7 webroute
    }
  }

  private void reply(InetSocketAddress to, Msg msg) {
    if (!closed) {
      env.send(to, codec.encode(msg));
    }
  }

  private void answer(InetSocketAddress to, long tx, RecordDesk.Outcome outcome) {
    reply(to, new Msg.Status(tx, outcome.code().wire(), outcome.value()));
  }

  private void onPing(InetSocketAddress from, Msg.Ping m) {
    counters.add(Event.PING);
    byte[] signature = new byte[0];
    if (m.nonce().length != 0) {
      if (!signatures.take(from, env.nowMillis())) {
        counters.add(Event.SIGNATURE_LIMITED);
        return;
      }
      counters.add(Event.SIGNED);
      signature = NodeVerifier.prove(identity, m.nonce());
    }
    kademlia.onPing(from, m, signature, attachments.devicesAt(from));
    notes.heardFrom(from);
  }
}
