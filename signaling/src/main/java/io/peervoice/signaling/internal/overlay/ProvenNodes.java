package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A node's proofs of other nodes' ids: pings an address with a nonce, checks the signed answer (and
 * the id's work), and remembers which id was proven at which address. Concurrent proofs of one
 * address are merged; proofs in flight and waiters are bounded. Single-threaded.
 */
final class ProvenNodes {
  private static final int MAX_VERIFYING = 256;
  private static final int MAX_WAITING_PER_PROOF = 64;

  private final Identity identity;
  private final NodeSettings settings;
  private final NodeCounters counters;
  private final AddressProofs proofs;
  private final SplittableRandom random;
  private final NodeStrikes strikes;
  private final byte[] ownKey;
  private final Consumer<NodeRef> onProven;
  private final Map<InetSocketAddress, List<Consumer<Boolean>>> verifying = new HashMap<>();
  private final Map<InetSocketAddress, PeerId> proven = BoundedMaps.leastRecentlyUsed(8_192);

  /** The TCP and TLS ports proven nodes named in their PONG (those that have any). */
  private final Map<InetSocketAddress, int[]> streamPorts = BoundedMaps.leastRecentlyUsed(8_192);

  /**
   * @param onProven runs with each node that proved its id, before those waiting for the proof
   */
  ProvenNodes(
      Identity identity,
      NodeSettings settings,
      NodeCounters counters,
      AddressProofs proofs,
      SplittableRandom random,
      NodeStrikes strikes,
      byte[] ownKey,
      Consumer<NodeRef> onProven) {
    this.identity = identity;
    this.settings = settings;
    this.counters = counters;
    this.proofs = proofs;
    this.random = random;
    this.strikes = strikes;
    this.ownKey = ownKey;
    this.onProven = onProven;
  }

  /** The TCP and TLS ports the node proven at {@code address} named, or null. */
  int[] streamPorts(InetSocketAddress address) {
    return streamPorts.get(address);
  }

  /** The node id proven at {@code address} (it signed our nonce there), or null. */
  PeerId id(InetSocketAddress address) {
    return proven.get(address);
  }

  /** Pings {@code address} with a nonce; tells {@code done} whether it proved its id. */
  void verify(InetSocketAddress address, Consumer<Boolean> done) {
    List<Consumer<Boolean>> waiting = verifying.get(address);
    if (waiting != null) {
      if (waiting.size() < MAX_WAITING_PER_PROOF) {
        waiting.add(done);
      } else {
        done.accept(false);
      }
      return;
    }
    if (verifying.size() >= MAX_VERIFYING) {
      done.accept(false);
      return;
    }
    waiting = new ArrayList<>(List.of(done));
    verifying.put(address, waiting);
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    proofs.send(
        address,
        settings.requestTimeoutMillis(),
        tx -> new Msg.Ping(tx, nonce, ownKey),
        reply -> {
          PeerId id = NodeVerifier.provenBy(reply, nonce);
          if (id != null && !NodeVerifier.hasWork(id, settings, counters)) {
            id = null;
          }
          boolean ok = id != null && !id.equals(identity.peerId());
          if (ok) {
            counters.add(Event.NODE_VERIFIED);
            strikes.proven(id);
            this.proven.put(address, id);
            if (reply instanceof Msg.Pong p && (p.tcpPort() != 0 || p.tlsPort() != 0)) {
              streamPorts.put(address, new int[] {p.tcpPort(), p.tlsPort()});
            } else {
              streamPorts.remove(address);
            }
            onProven.accept(new NodeRef(id, address));
          }
          verified(address, ok);
        },
        failure -> verified(address, false));
  }

  private void verified(InetSocketAddress address, boolean ok) {
    List<Consumer<Boolean>> waiting = verifying.remove(address);
    if (waiting != null) {
      waiting.forEach(w -> w.accept(ok));
    }
  }
}
