package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * S7 webroute: a node's FORWARD ({@link Msg.Forward}), which lets a client with one stream (a
 * browser's WebSocket) reach a peer attached to other nodes (docs/webrtc.md, "Reaching peers on
 * other nodes"). Only an attached client may forward; a target attached here is routed as a ROUTE.
 * Otherwise the node finds the target's record itself (a record it holds or an overlay lookup,
 * whose signature, id and expiry are checked; kept {@link #RECORD_MILLIS}), and sends the fragment
 * as a ROUTE from its own address to at most {@link #MAX_NODES} of the record's nodes, each only
 * after that node proved at that address the id the record lists (an address that failed is not
 * asked again for {@link #AVOID_MILLIS}). The client gets OK once one node delivered, else the last
 * failure. {@link ForwardLimits} bounds the work; the envelope stays sealed (the node sees ids and
 * sizes). Single-threaded.
 */
final class Forwarder {
  /** The most record nodes one fragment is sent to. */
  static final int MAX_NODES = 3;

  static final long RECORD_MILLIS = 10_000;
  static final long AVOID_MILLIS = 60_000;
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

  private record Found(LocationRecord record, long atMillis) {}

  /** A record node to send to: its address and the id the record lists for it. */
  private record Hop(InetSocketAddress address, PeerId listed) {}

  private final PeerId self;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final WireCodec codec;
  private final Attachments attachments;
  private final Router router;
  private final Kademlia kademlia;
  private final Replication replication;
  private final RecordDesk records;
  private final AddressProofs proofs;
  private final ForwardLimits limits;
  private final RecordCodec recordCodec = new RecordCodec();
  private final Map<PeerId, Found> found = BoundedMaps.leastRecentlyUsed(4_096);
  private final Map<PeerId, List<Consumer<LocationRecord>>> finding = new HashMap<>();
  private final Map<InetSocketAddress, Long> avoided = BoundedMaps.leastRecentlyUsed(4_096);

  private long sweptMillis;

  Forwarder(
      PeerId self,
      Router router,
      Kademlia kademlia,
      Replication replication,
      RecordDesk records,
      AddressProofs proofs) {
    this(self, router, kademlia, replication, records, proofs, ForwardLimits.Bounds.defaults());
  }

  Forwarder(
      PeerId self,
      Router router,
      Kademlia kademlia,
      Replication replication,
      RecordDesk records,
      AddressProofs proofs,
      ForwardLimits.Bounds bounds) {
    this.self = self;
    this.settings = router.settings();
    this.env = router.env();
    this.counters = router.counters();
    this.codec = router.codec();
    this.attachments = router.attachments();
    this.router = router;
    this.kademlia = kademlia;
    this.replication = replication;
    this.records = records;
    this.proofs = proofs;
    this.limits = new ForwardLimits(bounds, settings.maxSources());
  }

  void forward(InetSocketAddress from, Msg.Forward m) {
    if (attachments.peerAt(from) == null) {
      counters.add(Event.FORWARD_REFUSED);
      fail(from, m.tx(), StatusCode.NOT_ATTACHED_SENDER);
      return;
    }
    Msg.Route route =
        new Msg.Route(m.tx(), m.target(), m.messageId(), m.fragment(), m.fragments(), m.payload());
    PeerId target = new PeerId(m.target());
    if (!attachments.devices(target).isEmpty()) {
      router.route(from, route);
      return;
    }
    long now = env.nowMillis();
    if (now - sweptMillis >= 1_000) {
      sweptMillis = now;
      limits.sweep(now);
    }
    ForwardLimits.Refusal refusal = limits.take(from, m.payload().length, now);
    if (refusal != ForwardLimits.Refusal.NONE) {
      counters.add(Event.FORWARD_REFUSED);
      fail(
          from,
          m.tx(),
          refusal == ForwardLimits.Refusal.RATE ? StatusCode.RATE_LIMITED : StatusCode.OVERLOADED);
      return;
    }
    record(
        target,
        record -> {
          List<Hop> nodes = record == null ? List.of() : nodesOf(record);
          if (nodes.isEmpty()) {
            done(from, m, StatusCode.NOT_ATTACHED);
            return;
          }
          StatusCode[] outcome = {null};
          int[] left = {nodes.size()};
          for (Hop hop : nodes) {
            send(
                hop.address(),
                hop.listed(),
                route,
                code -> {
                  if (outcome[0] == StatusCode.OK) {
                    return;
                  }
                  if (code == StatusCode.OK || --left[0] == 0) {
                    outcome[0] = code;
                    done(from, m, code);
                  }
                });
          }
        });
  }

  /**
   * The record's nodes (not this one), with an IP literal, not avoided; at most {@link #MAX_NODES}.
   */
  private List<Hop> nodesOf(LocationRecord record) {
    List<Hop> out = new ArrayList<>();
    long now = env.nowMillis();
    for (NodeAddress n : record.nodes()) {
      InetSocketAddress address = resolve(n);
      Long since = address == null ? null : avoided.get(address);
      if (address != null
          && !n.node().equals(self)
          && (since == null || now - since >= AVOID_MILLIS)
          && out.stream().noneMatch(h -> h.address().equals(address))
          && out.size() < MAX_NODES) {
        out.add(new Hop(address, n.node()));
      }
    }
    return out;
  }

  /** Sends {@code route} to {@code node} once it proved {@code listed} there; tells the status. */
  private void send(
      InetSocketAddress node, PeerId listed, Msg.Route route, Consumer<StatusCode> done) {
    if (listed.equals(kademlia.provenId(node))) {
      counters.add(Event.FORWARDED);
      proofs.send(
          node,
          settings.requestTimeoutMillis() + settings.pushTimeoutMillis(),
          tx ->
              new Msg.Route(
                  tx,
                  route.target(),
                  route.messageId(),
                  route.fragment(),
                  route.fragments(),
                  route.payload()),
          reply ->
              done.accept(
                  reply instanceof Msg.Status s ? StatusCode.of(s.code()) : StatusCode.UNKNOWN),
          failure -> done.accept(StatusCode.PEER_TIMEOUT));
      return;
    }
    kademlia.prove(
        node,
        ok -> {
          if (listed.equals(kademlia.provenId(node))) {
            send(node, listed, route, done);
          } else {
            avoided.put(node, env.nowMillis());
            done.accept(StatusCode.NOT_ATTACHED);
          }
        });
  }

  /** The target's freshest valid record (null if none), from the cache or found now. */
  private void record(PeerId target, Consumer<LocationRecord> then) {
    Found f = found.get(target);
    if (f != null && env.nowMillis() - f.atMillis() < RECORD_MILLIS) {
      then.accept(f.record());
      return;
    }
    List<Consumer<LocationRecord>> waiting = finding.get(target);
    if (waiting != null) {
      waiting.add(then); // bounded: each waiter holds a place in ForwardLimits
      return;
    }
    waiting = new ArrayList<>(List.of(then));
    finding.put(target, waiting);
    replication.findRecord(
        target,
        records.get(target),
        best -> {
          LocationRecord record = decode(best);
          if (record != null) {
            found.put(target, new Found(record, env.nowMillis()));
          }
          finding.remove(target).forEach(w -> w.accept(record));
        });
  }

  private LocationRecord decode(byte[] wire) {
    if (wire == null) {
      return null;
    }
    try {
      return recordCodec.decode(wire); // checked by findRecord: the target's, signed, not expired
    } catch (WireException e) {
      counters.add(Event.MALFORMED);
      return null;
    }
  }

  private void done(InetSocketAddress from, Msg.Forward m, StatusCode code) {
    limits.release(from, m.payload().length);
    counters.add(code == StatusCode.OK ? Event.DELIVERED : Event.DELIVERY_FAILED);
    fail(from, m.tx(), code);
  }

  private void fail(InetSocketAddress to, long tx, StatusCode code) {
    env.send(to, codec.encode(new Msg.Status(tx, code.wire(), 0)));
  }

  /** Forwards in flight now. */
  int pending() {
    return limits.pending();
  }

  private static InetSocketAddress resolve(NodeAddress node) {
    if (!IP_LITERAL.matcher(node.host()).matches()) {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(node.host()), node.port());
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
