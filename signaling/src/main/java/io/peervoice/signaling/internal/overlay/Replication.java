package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RecordCheck;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.RoutingTable;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Location records across the overlay: stored on the k nodes closest to the peer's id, found again
 * by an iterative lookup that keeps the freshest valid copy. Single-threaded.
 */
final class Replication {
  private final Kademlia kademlia;
  private final RoutingTable table;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final AddressProofs proofs;
  private final byte[] ownKey;
  private final RecordCodec records = new RecordCodec();

  Replication(
      Kademlia kademlia,
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      AddressProofs proofs,
      byte[] ownKey) {
    this.kademlia = kademlia;
    this.table = kademlia.table();
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    this.proofs = proofs;
    this.ownKey = ownKey;
  }

  /**
   * Stores {@code record} on the k closest nodes to {@code peer}: at once on the closest we know,
   * then on any closer ones a lookup finds; tells how many accepted it.
   */
  void replicate(PeerId peer, byte[] record, IntConsumer stored) {
    Set<PeerId> sent = new HashSet<>();
    int[] ok = {0};
    int[] outstanding = {1};
    Runnable oneDone =
        () -> {
          if (--outstanding[0] == 0) {
            stored.accept(ok[0]);
          }
        };
    for (NodeRef n : table.closest(peer, settings.k())) {
      sent.add(n.id());
      outstanding[0]++;
      store(n, record, ok, oneDone);
    }
    kademlia.lookup(
        peer,
        false,
        result -> {
          for (NodeRef n : result.closest()) {
            if (sent.add(n.id())) {
              outstanding[0]++;
              store(n, record, ok, oneDone);
            }
          }
          oneDone.run();
        });
  }

  private void store(NodeRef n, byte[] record, int[] ok, Runnable done) {
    proofs.send(
        n.address(),
        settings.requestTimeoutMillis() * 2,
        tx -> new Msg.Store(tx, record, ownKey),
        reply -> {
          if (OverlayRequests.ok(reply)) {
            ok[0]++;
          }
          done.run();
        },
        failure -> done.run());
  }

  /** Finds the freshest valid record of {@code peer} in the overlay (and {@code local}, if any). */
  void findRecord(PeerId peer, byte[] local, Consumer<byte[]> done) {
    findRecord(peer, local, (record, closest) -> done.accept(record));
  }

  /**
   * S9 notes: as {@link #findRecord(PeerId, byte[], Consumer)}, also telling the k closest live
   * nodes to {@code peer} the lookup found: where the peer's next record will be stored.
   */
  void findRecord(PeerId peer, byte[] local, BiConsumer<byte[], List<NodeRef>> done) {
    kademlia.lookup(
        peer,
        true,
        result -> {
          List<byte[]> found = new ArrayList<>(result.records());
          if (local != null) {
            found.add(local);
          }
          done.accept(freshest(peer, found), result.closest());
        });
  }

  private byte[] freshest(PeerId peer, List<byte[]> candidates) {
    byte[] best = null;
    long bestSequence = -1;
    Instant now = Instant.ofEpochMilli(env.wallMillis());
    Duration lifetime = Duration.ofMillis(settings.maxRecordLifetimeMillis());
    for (byte[] wire : candidates) {
      try {
        LocationRecord r = records.decode(wire);
        if (r.sequence() > bestSequence && r.check(peer, now, lifetime, -1) == RecordCheck.VALID) {
          best = wire;
          bestSequence = r.sequence();
        }
      } catch (WireException e) {
        counters.add(Event.MALFORMED);
      }
    }
    return best;
  }
}
