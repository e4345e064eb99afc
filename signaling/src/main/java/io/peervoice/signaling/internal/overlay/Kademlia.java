package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.RoutingTable;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The node-to-node half of a rendezvous node: a routing table filled only with nodes that proved
 * their id, iterative lookups, replication of records on the k closest nodes, liveness pings and
 * bucket refresh. Single-threaded. Proving node ids is left to {@link ProvenNodes}, asking one node
 * a lookup's question to {@link LookupQueries}.
 */
final class Kademlia {
  private static final long RECORD_GRACE_MILLIS = 30;

  private final Identity identity;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final WireCodec codec;
  private final RecordCodec records = new RecordCodec();
  private final AddressProofs proofs;
  private final SplittableRandom random;
  private final RoutingTable table;
  private final Set<PeerId> probing = new HashSet<>();
  private final NodeStrikes strikes = new NodeStrikes();
  private final byte[] ownKey;
  private final ProvenNodes proven;
  private final LookupQueries queries;
  private List<InetSocketAddress> bootstrapNodes = List.of();
  private int ownTcpPort;
  private int ownTlsPort;

  Kademlia(
      Identity identity,
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      WireCodec codec,
      AddressProofs proofs,
      SplittableRandom random) {
    this.identity = identity;
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    this.codec = codec;
    this.proofs = proofs;
    this.random = random;
    this.table = new RoutingTable(identity.peerId(), settings.k(), settings.maxPerSubnet());
    this.ownKey = identity.publicIdentity().signingKey();
    this.proven =
        new ProvenNodes(identity, settings, counters, proofs, random, strikes, ownKey, this::offer);
    this.queries =
        new LookupQueries(
            identity, settings, env, counters, proofs, strikes, ownKey, this::seen, this::timedOut);
  }

  RoutingTable table() {
    return table;
  }

  /** Our own TCP and TLS ports (0: none), named in our PONGs. Loop thread. */
  void streamPorts(int tcp, int tls) {
    this.ownTcpPort = tcp;
    this.ownTlsPort = tls;
  }

  /**
   * Joins through {@code nodes}: proves each, then looks up our own id. Retries with backoff while
   * none answered (a lost datagram must not leave a node alone forever).
   */
  void bootstrap(List<InetSocketAddress> nodes) {
    this.bootstrapNodes = List.copyOf(nodes);
    join(1_000);
  }

  private void join(long retryMillis) {
    if (bootstrapNodes.isEmpty()) {
      return;
    }
    int[] left = {bootstrapNodes.size()};
    for (InetSocketAddress n : bootstrapNodes) {
      proven.verify(
          n,
          ok -> {
            if (--left[0] > 0) {
              return;
            }
            if (table.size() == 0) {
              env.schedule(retryMillis, () -> join(Math.min(retryMillis * 2, 30_000)));
            } else {
              lookup(identity.peerId(), false, result -> {});
            }
          });
    }
  }

  /**
   * Answers a PING from a proven source; {@code signature} is the proof of our id if one was asked
   * for and the signature budget allowed it (else empty).
   */
  void onPing(InetSocketAddress from, Msg.Ping m, byte[] signature, int devices) {
    byte[] ip = from.getAddress().getAddress();
    env.send(
        from,
        codec.encode(
            new Msg.Pong(
                m.tx(),
                ip,
                from.getPort(),
                ownKey,
                signature,
                devices > 0,
                devices,
                ownTcpPort,
                ownTlsPort)));
    heardFrom(from, m.senderKey());
  }

  /** The node id proven at {@code address} (it signed our nonce there), or null. */
  PeerId provenId(InetSocketAddress address) {
    return proven.id(address);
  }

  /** Asks {@code address} to prove its id now (deduplicated); tells whether it did. */
  void prove(InetSocketAddress address, Consumer<Boolean> done) {
    proven.verify(address, done);
  }

  /** A request from a node that sent its key: verify it and add it, unless already known. */
  void heardFrom(InetSocketAddress from, byte[] senderKey) {
    if (senderKey.length == 0) {
      return;
    }
    PeerId id = PeerId.of(senderKey);
    if (NodeVerifier.hasWork(id, settings, counters)) {
      seen(new NodeRef(id, from));
    }
  }

  /**
   * A node answered from the address we asked, or asked us: refresh it if proven, else prove and
   * add it when its bucket has room (a full bucket keeps its old nodes, so proving would be
   * wasted).
   */
  private void seen(NodeRef node) {
    if (node.id().equals(proven.id(node.address()))) {
      offer(node);
    } else if (table.hasRoomFor(node)) {
      proven.verify(node.address(), ok -> {});
    }
  }

  private void offer(NodeRef node) {
    RoutingTable.Offer offer = table.offer(node, Instant.ofEpochMilli(env.nowMillis()));
    if (offer instanceof RoutingTable.Offer.SubnetFull) {
      counters.add(Event.SUBNET_FULL);
    }
    if (offer instanceof RoutingTable.Offer.BucketFull full
        && probing.add(full.leastRecent().id())) {
      ping(
          full.leastRecent(),
          alive -> {
            probing.remove(full.leastRecent().id());
            if (!alive) {
              table.evict(full.leastRecent().id());
              counters.add(Event.NODE_EVICTED);
              table.offer(node, Instant.ofEpochMilli(env.nowMillis()));
            }
          });
    }
  }

  private void ping(NodeRef node, Consumer<Boolean> alive) {
    proofs.send(
        node.address(),
        settings.requestTimeoutMillis(),
        tx -> new Msg.Ping(tx, new byte[0], ownKey),
        reply -> {
          seen(node);
          alive.accept(true);
        },
        failure -> alive.accept(false));
  }

  /** The k closest nodes we know to {@code target}, without the one asking. */
  List<Msg.Contact> contacts(PeerId target, InetSocketAddress asking) {
    List<NodeRef> nodes = new ArrayList<>(settings.k());
    for (NodeRef n : table.closest(target, settings.k() + 1)) {
      if (!n.address().equals(asking) && nodes.size() < settings.k()) {
        nodes.add(n);
      }
    }
    return contactsOf(nodes);
  }

  /** {@code nodes} (at most k of them) as contacts, with the stream ports they proved. */
  List<Msg.Contact> contactsOf(List<NodeRef> nodes) {
    int most = Math.min(nodes.size(), Math.min(settings.k(), WireCodec.MAX_CONTACTS));
    List<Msg.Contact> out = new ArrayList<>(most);
    for (NodeRef n : nodes.subList(0, most)) {
      int[] ports = proven.streamPorts(n.address());
      out.add(
          new Msg.Contact(
              n.id().bytes(),
              n.address().getAddress().getAddress(),
              n.address().getPort(),
              ports == null ? 0 : ports[0],
              ports == null ? 0 : ports[1]));
    }
    return out;
  }

  /** Runs an iterative lookup of {@code target} from our table, over d disjoint paths. */
  void lookup(PeerId target, boolean wantRecord, Consumer<IterativeLookup.Result> done) {
    new DisjointLookup(
            target,
            settings.k(),
            settings.alpha(),
            settings.disjointPaths(),
            wantRecord,
            table.closest(target, settings.k()),
            (node, onAnswer, onFailure) ->
                queries.query(node, target, wantRecord, onAnswer, onFailure),
            env,
            RECORD_GRACE_MILLIS,
            done)
        .start();
  }

  /** A request to {@code node} timed out: a second time in a row evicts it (see NodeStrikes). */
  private void timedOut(NodeRef node) {
    if (strikes.timedOut(node.id(), env.nowMillis()) && table.evict(node.id())) {
      counters.add(Event.NODE_EVICTED);
    }
  }

  /**
   * Liveness pings to the least recently seen node of each bucket, and refresh of stale buckets.
   */
  void refresh() {
    if (table.size() < settings.k()) {
      if (table.size() == 0) {
        join(1_000);
      } else {
        lookup(identity.peerId(), false, result -> {});
      }
    }
    for (NodeRef n : table.leastRecentPerBucket()) {
      ping(
          n,
          alive -> {
            if (!alive) {
              timedOut(n);
            }
          });
    }
    Instant now = Instant.ofEpochMilli(env.nowMillis());
    for (int bucket : table.staleBuckets(now, Duration.ofMillis(settings.refreshMillis()))) {
      lookup(randomIdIn(bucket), false, result -> {});
    }
  }

  /** A random id sharing exactly {@code bucket} leading bits with ours. */
  private PeerId randomIdIn(int bucket) {
    byte[] id = identity.peerId().bytes();
    byte[] noise = new byte[id.length];
    random.nextBytes(noise);
    for (int bit = bucket; bit < id.length * 8; bit++) {
      int i = bit / 8;
      int mask = 0x80 >>> (bit % 8);
      boolean flip = bit == bucket || (noise[i] & mask) != 0;
      if (flip) {
        id[i] ^= (byte) mask;
      }
    }
    return new PeerId(id);
  }
}
