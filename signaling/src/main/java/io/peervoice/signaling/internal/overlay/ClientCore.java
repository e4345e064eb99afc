package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RecordCheck;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's side of the overlay: attaches to {@link ClientSettings#attachments()} nodes after each
 * proved its id, pings them to keep NAT bindings open, notices a dead one within {@link
 * ClientSettings#deadAfterMillis()}, attaches elsewhere and republishes its signed location record
 * with a higher sequence number. Looks up records through its nodes and checks them itself.
 * Single-threaded on its {@link Env}.
 */
public final class ClientCore {
  private static final Logger log = LoggerFactory.getLogger(ClientCore.class);
  private static final int MAX_KNOWN = 64;

  private static final class Attached {
    final PeerId node;
    long lastHeard;
    int devices = 1;

    Attached(PeerId node, long lastHeard) {
      this.node = node;
      this.lastHeard = lastHeard;
    }
  }

  private final Identity identity;
  private final ClientSettings settings;
  private final Env env;
  private final WireCodec codec = new WireCodec();
  private final RecordCodec records = new RecordCodec();
  private final Requests requests;
  private final AddressProofs proofs;
  private final NodeIdProofs nodeIds;
  private final List<InetSocketAddress> known = new ArrayList<>();
  private final Map<InetSocketAddress, Long> badUntil = new HashMap<>();
  private final Map<InetSocketAddress, Attached> attached = new LinkedHashMap<>();
  private final Set<InetSocketAddress> attaching = new HashSet<>();
  private final List<Runnable> readyWaiters = new ArrayList<>();
  private final Messenger messenger;
  private final long device;
  private final DeviceWatch devices;
  private long sequence;
  private boolean publishQueued;
  private boolean catchingUp;
  private boolean ready;
  private boolean closed;
  private InetSocketAddress reflexive;
  private int failovers;
  private int reattachments;

  public ClientCore(
      Identity identity,
      ClientSettings settings,
      Env env,
      List<InetSocketAddress> bootstrap,
      java.security.SecureRandom sealing,
      long seed) {
    this.identity = identity;
    this.settings = settings;
    this.env = env;
    SplittableRandom random = new SplittableRandom(seed);
    long d = random.nextLong();
    this.device = d == 0 ? 1 : d;
    this.devices = new DeviceWatch(identity.peerId());
    this.requests = new Requests(env, 4_096, random.nextLong());
    this.proofs = new AddressProofs(env, codec, requests, settings.requestTimeoutMillis(), 256);
    this.nodeIds =
        new NodeIdProofs(
            env,
            proofs,
            random.split(),
            settings.requestTimeoutMillis(),
            settings.badNodeMillis(),
            256);
    this.messenger = new Messenger(identity, this, env, codec, proofs, sealing, settings);
    for (InetSocketAddress b : bootstrap) {
      learn(b);
    }
  }

  public Messenger messenger() {
    return messenger;
  }

  public void start() {
    attachMore();
    tick();
    env.schedule(settings.republishMillis(), this::republish);
  }

  private void tick() {
    if (closed) {
      return;
    }
    long now = env.nowMillis();
    boolean lost = false;
    for (var it = attached.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (now - e.getValue().lastHeard > settings.deadAfterMillis()) {
        log.info("node {} at {} stopped answering; re-attaching", e.getValue().node, e.getKey());
        it.remove();
        badUntil.put(e.getKey(), now + settings.badNodeMillis());
        lost = true;
        failovers++;
      } else {
        keepalive(e.getKey());
      }
    }
    if (lost) {
      ready = false;
      countDevices();
      queuePublish();
    }
    attachMore();
    messenger.sweep(now);
    env.schedule(settings.keepaliveMillis(), this::tick);
  }

  private void republish() {
    if (!closed) {
      queuePublish();
      env.schedule(settings.republishMillis(), this::republish);
    }
  }

  private void keepalive(InetSocketAddress node) {
    proofs.send(
        node,
        settings.requestTimeoutMillis(),
        tx -> new Msg.Ping(tx, new byte[0], new byte[0]),
        reply -> {
          heard(node, reply);
          if (reply instanceof Msg.Pong p && !p.attached() && attached.remove(node) != null) {
            log.info("node {} no longer holds our attachment; attaching again", node);
            reattachments++;
            attachTo(node);
          } else if (reply instanceof Msg.Pong p && attached.get(node) != null) {
            attached.get(node).devices = Math.max(1, p.devices());
            countDevices();
          }
        },
        () -> {});
  }

  private void heard(InetSocketAddress node, Msg reply) {
    Attached a = attached.get(node);
    if (a != null) {
      a.lastHeard = env.nowMillis();
    }
    if (reply instanceof Msg.Pong p) {
      try {
        reflexive =
            new InetSocketAddress(InetAddress.getByAddress(p.observedIp()), p.observedPort());
      } catch (UnknownHostException e) {
        // length was checked by the codec
      }
    }
  }

  private void learn(InetSocketAddress node) {
    if (!known.contains(node) && known.size() < MAX_KNOWN) {
      known.add(node);
    }
  }

  private void attachMore() {
    long now = env.nowMillis();
    for (InetSocketAddress n : known) {
      if (attached.size() + attaching.size() >= settings.attachments()) {
        return;
      }
      Long bad = badUntil.get(n);
      if (attached.containsKey(n) || attaching.contains(n) || (bad != null && bad > now)) {
        continue;
      }
      attachTo(n);
    }
  }

  /**
   * Attaches to {@code node}: a fresh cookie for our address (address proof), the node's proof of
   * its id, then ATTACH signed over the node's id, the cookie and the time.
   */
  private void attachTo(InetSocketAddress node) {
    attaching.add(node);
    Runnable failed =
        () -> {
          attaching.remove(node);
          nodeIds.forget(node);
          badUntil.put(node, env.nowMillis() + settings.badNodeMillis());
        };
    nodeIds.forget(node);
    proofs.freshCookie(
        node,
        COOKIE_MAX_AGE_MILLIS,
        cookie ->
            nodeIds.prove(
                node,
                pong -> heard(node, pong),
                id -> {
                  if (id == null) {
                    failed.run();
                  } else {
                    sendAttach(node, id, cookie, failed);
                  }
                }),
        failed);
  }

  /** Our cookie must still be valid when the node checks it (it keeps them 60 to 120 s). */
  private static final long COOKIE_MAX_AGE_MILLIS = 30_000;

  private void sendAttach(InetSocketAddress node, PeerId id, byte[] cookie, Runnable failed) {
    long ts = env.wallMillis();
    byte[] deviceBytes = AttachProof.deviceBytes(device);
    byte[] signature = identity.sign(AttachProof.signed(id, cookie, ts, deviceBytes));
    var pub = identity.publicIdentity();
    proofs.send(
        node,
        settings.requestTimeoutMillis(),
        tx ->
            new Msg.Attach(
                tx,
                pub.signingKey(),
                pub.agreementKey(),
                id.bytes(),
                ts,
                signature,
                cookie,
                deviceBytes),
        reply -> {
          attaching.remove(node);
          if (!(reply instanceof Msg.Status s) || s.code() != StatusCode.OK.wire()) {
            log.warn("node {} refused to attach us: {}", node, reply);
            failed.run();
            return;
          }
          Attached a = new Attached(id, env.nowMillis());
          a.devices = (int) Math.max(1, Math.min(255, s.value()));
          attached.put(node, a);
          countDevices();
          log.debug("attached to node {} at {}", id, node);
          askForNodes(node);
          queuePublish();
        },
        failed);
  }

  private void askForNodes(InetSocketAddress node) {
    proofs.send(
        node,
        settings.requestTimeoutMillis(),
        tx -> new Msg.FindNode(tx, identity.peerId().bytes(), new byte[0]),
        reply -> {
          if (reply instanceof Msg.Nodes n) {
            for (Msg.Contact c : n.contacts()) {
              try {
                learn(new InetSocketAddress(InetAddress.getByAddress(c.ip()), c.port()));
              } catch (UnknownHostException e) {
                // length was checked by the codec
              }
            }
          }
        },
        () -> {});
  }

  private void queuePublish() {
    if (!publishQueued) {
      publishQueued = true;
      env.schedule(0, this::publish);
    }
  }

  private void publish() {
    publishQueued = false;
    if (closed || attached.isEmpty()) {
      return;
    }
    List<NodeAddress> nodes = new ArrayList<>();
    for (var e : attached.entrySet()) {
      nodes.add(new NodeRef(e.getValue().node, e.getKey()).toAddress());
    }
    long wall = env.wallMillis();
    sequence = Math.max(sequence + 1, wall);
    LocationRecord record =
        LocationRecord.sign(
            identity,
            nodes,
            sequence,
            Instant.ofEpochMilli(wall + settings.recordLifetimeMillis()));
    byte[] wire = records.encode(record);
    int expected = attached.size();
    for (InetSocketAddress node : List.copyOf(attached.keySet())) {
      proofs.send(
          node,
          settings.requestTimeoutMillis() * 4,
          tx -> new Msg.Publish(tx, wire),
          reply -> {
            heard(node, reply);
            if (reply instanceof Msg.Status s && s.code() == StatusCode.OK.wire()) {
              published(expected);
            } else if (reply instanceof Msg.Status s
                && s.code() == StatusCode.REJECTED_RECORD.wire()
                && s.value() == RecordCheck.NOT_NEWER.ordinal()) {
              catchUp();
            } else {
              log.debug("node {} refused our record: {}", node, reply);
            }
          },
          () -> log.debug("publish to {} timed out", node));
    }
  }

  /**
   * A node holds a newer record of ours than the one we sent: another device of our identity
   * published it (its clock ahead of ours). Publish again above its sequence, once per such record.
   */
  private void catchUp() {
    if (catchingUp) {
      return;
    }
    catchingUp = true;
    lookup(
        identity.peerId(),
        held -> {
          catchingUp = false;
          if (held != null && held.sequence() >= sequence) {
            log.info(
                "another device of ours published sequence {}; publishing above it",
                held.sequence());
            sequence = held.sequence();
            queuePublish();
          }
        });
  }

  private void published(int attachedWhenSent) {
    if (!ready && attachedWhenSent >= Math.min(settings.attachments(), known.size())) {
      ready = true;
      List<Runnable> waiting = List.copyOf(readyWaiters);
      readyWaiters.clear();
      waiting.forEach(Runnable::run);
    }
  }

  /** Runs {@code task} once attached to enough nodes with the record published. */
  public void whenReady(Runnable task) {
    if (ready) {
      task.run();
    } else {
      readyWaiters.add(task);
    }
  }

  /** Handles one datagram. Never throws. */
  public void received(InetSocketAddress from, byte[] data) {
    Msg msg;
    try {
      msg = codec.decode(data);
    } catch (WireException e) {
      messenger.countMalformed();
      return;
    }
    Attached a = attached.get(from);
    if (a != null) {
      a.lastHeard = env.nowMillis();
    }
    if (msg instanceof Msg.Deliver d) {
      messenger.deliver(from, d, a != null);
    } else if (!requests.reply(from, msg)) {
      messenger.countUnsolicited();
    }
  }

  /** Looks up {@code peer}'s freshest valid record through every attached node (null if none). */
  public void lookup(PeerId peer, Consumer<LocationRecord> done) {
    List<InetSocketAddress> nodes = List.copyOf(attached.keySet());
    if (nodes.isEmpty()) {
      done.accept(null);
      return;
    }
    LocationRecord[] best = {null};
    int[] left = {nodes.size()};
    Runnable one =
        () -> {
          if (--left[0] == 0) {
            done.accept(best[0]);
          }
        };
    for (InetSocketAddress node : nodes) {
      proofs.send(
          node,
          settings.requestTimeoutMillis() * 2,
          tx -> new Msg.Lookup(tx, peer.bytes()),
          reply -> {
            heard(node, reply);
            LocationRecord r = checked(peer, reply);
            if (r != null && (best[0] == null || r.sequence() > best[0].sequence())) {
              best[0] = r;
            }
            one.run();
          },
          one);
    }
  }

  private LocationRecord checked(PeerId peer, Msg reply) {
    if (!(reply instanceof Msg.RecordReply r) || r.record().length == 0) {
      return null;
    }
    try {
      LocationRecord record = records.decode(r.record());
      RecordCheck check =
          record.check(peer, Instant.ofEpochMilli(env.wallMillis()), Duration.ofDays(1), -1);
      return check == RecordCheck.VALID ? record : null;
    } catch (WireException e) {
      messenger.countMalformed();
      return null;
    }
  }

  public PeerId id() {
    return identity.peerId();
  }

  public boolean isAttached() {
    return !attached.isEmpty();
  }

  public List<NodeAddress> attachedNodes() {
    List<NodeAddress> out = new ArrayList<>();
    attached.forEach((address, a) -> out.add(new NodeRef(a.node, address).toAddress()));
    return out;
  }

  public InetSocketAddress reflexiveAddress() {
    return reflexive;
  }

  public int failovers() {
    return failovers;
  }

  /** How many times a node told us (in a keepalive answer) it no longer held our attachment. */
  public int reattachments() {
    return reattachments;
  }

  /**
   * Runs {@code done} with the node id proven at {@code node} (asking it to prove it if not known
   * yet, or if another id than {@code expected} is known there: the node may have restarted), or
   * null if it does not prove one.
   */
  void proveNode(InetSocketAddress node, PeerId expected, Consumer<PeerId> done) {
    PeerId known = nodeIds.proven(node);
    if (known != null && !known.equals(expected)) {
      nodeIds.forget(node);
    }
    nodeIds.prove(node, pong -> {}, done);
  }

  /** The most devices of our identity (this one included) any of our nodes reports attached. */
  private void countDevices() {
    int most = 1;
    for (Attached a : attached.values()) {
      most = Math.max(most, a.devices);
    }
    devices.update(most);
  }

  /** This process's device id: random, named in every ATTACH (never 0). */
  public long device() {
    return device;
  }

  /** Devices of our identity attached to our nodes, this one included (1 if alone). */
  public int devices() {
    return devices.count();
  }

  /** Runs {@code listener} with the device count whenever it changes. */
  public void onDevices(java.util.function.IntConsumer listener) {
    devices.listen(listener);
  }

  public long sequence() {
    return sequence;
  }

  public void close() {
    closed = true;
    messenger.close();
  }
}
