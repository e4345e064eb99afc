package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RecordCheck;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A peer's lookups of another peer's record, through every node it is attached to (LOOKUP), each
 * record checked here. S9 notes: a node's answer also names the nodes closest to the peer's id its
 * own lookup found (nodes older than S9 name none); with our attached nodes they are the candidates
 * for the peer's record holders, where its next record will be stored ({@link Found#holders}).
 * Single-threaded on the client's {@link Env}.
 */
final class RecordLookup {
  /**
   * What a lookup found.
   *
   * @param record the freshest valid record, or null
   * @param holders at most {@link #HOLDERS} nodes closest to the peer's id among those the answers
   *     named and our attached nodes, closest first (ids not proven yet: prove before use)
   */
  record Found(LocationRecord record, List<NodeAddress> holders) {}

  /**
   * Holders named at most: the closest few of the k (8) nodes a record is stored on. Each holds a
   * copy of a note and hands it over, so more would multiply the bytes a note costs.
   */
  static final int HOLDERS = 4;

  /** After the first valid record, a lookup waits this fraction of a request timeout for more. */
  private static final int GRACE_DIVISOR = 4;

  private final ClientSettings settings;
  private final Env env;
  private final AddressProofs proofs;
  private final NodeLinks links;
  private final Runnable malformed;
  private final RecordCodec records = new RecordCodec();

  RecordLookup(
      ClientSettings settings, Env env, AddressProofs proofs, NodeLinks links, Runnable malformed) {
    this.settings = settings;
    this.env = env;
    this.proofs = proofs;
    this.links = links;
    this.malformed = malformed;
  }

  /**
   * Looks {@code peer} up through every attached node. Once one node gave a valid record, the
   * others have a quarter of a request timeout more to give a fresher one: a node that died (and is
   * not yet replaced) does not hold up every lookup for the whole timeout.
   */
  void lookup(PeerId peer, Consumer<Found> done) {
    List<InetSocketAddress> nodes = links.addresses();
    Map<PeerId, NodeAddress> candidates = new LinkedHashMap<>();
    links.nodes().forEach(n -> candidates.put(n.node(), n));
    if (nodes.isEmpty()) {
      done.accept(new Found(null, List.of()));
      return;
    }
    LocationRecord[] best = {null};
    int[] left = {nodes.size()};
    boolean[] finished = {false};
    Runnable finish =
        () -> {
          if (!finished[0]) {
            finished[0] = true;
            done.accept(new Found(best[0], closest(peer, candidates)));
          }
        };
    for (InetSocketAddress node : nodes) {
      proofs.send(
          node,
          settings.requestTimeoutMillis() * 2,
          tx -> new Msg.Lookup(tx, peer.bytes()),
          reply -> {
            links.heard(node, reply);
            named(reply, candidates);
            LocationRecord r = checked(peer, reply);
            if (r != null && best[0] == null && left[0] > 1) {
              env.schedule(settings.requestTimeoutMillis() / GRACE_DIVISOR, finish);
            }
            if (r != null && (best[0] == null || r.sequence() > best[0].sequence())) {
              best[0] = r;
            }
            if (--left[0] == 0) {
              finish.run();
            }
          },
          failure -> {
            if (--left[0] == 0) {
              finish.run();
            }
          });
    }
  }

  /** The contacts an answer names (at most the codec's 20 per answer, one answer per node). */
  private void named(Msg reply, Map<PeerId, NodeAddress> candidates) {
    if (!(reply instanceof Msg.RecordReply r)) {
      return;
    }
    for (Msg.Contact c : r.contacts()) {
      try {
        PeerId id = new PeerId(c.id());
        String host = InetAddress.getByAddress(c.ip()).getHostAddress();
        candidates.putIfAbsent(id, new NodeAddress(id, host, c.port(), c.tcpPort(), c.tlsPort()));
      } catch (UnknownHostException | IllegalArgumentException e) {
        malformed.run();
      }
    }
  }

  private static List<NodeAddress> closest(PeerId peer, Map<PeerId, NodeAddress> candidates) {
    List<NodeAddress> all = new ArrayList<>(candidates.values());
    all.sort(Comparator.comparing(n -> peer.distance(n.node()), Arrays::compareUnsigned));
    return List.copyOf(all.subList(0, Math.min(HOLDERS, all.size())));
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
      malformed.run();
      return null;
    }
  }
}
