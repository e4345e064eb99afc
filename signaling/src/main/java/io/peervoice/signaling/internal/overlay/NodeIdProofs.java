package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.Msg;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The node ids a peer has seen proven at an address: it pinged with a nonce and the answer was
 * signed by the key the id derives from. A peer sends messages only to a node proven here, so a
 * record listing arbitrary addresses as "nodes" cannot make it send there (beyond one small proof
 * exchange, and not again for {@code failedMillis}). Bounded; single-threaded.
 */
final class NodeIdProofs {
  private final Env env;
  private final AddressProofs proofs;
  private final SplittableRandom random;
  private final long timeoutMillis;
  private final long failedMillis;
  private final Map<InetSocketAddress, PeerId> proven;
  private final Map<InetSocketAddress, Long> failedUntil;
  private final Map<InetSocketAddress, List<Consumer<PeerId>>> proving = new HashMap<>();
  private final int max;

  NodeIdProofs(
      Env env,
      AddressProofs proofs,
      SplittableRandom random,
      long timeoutMillis,
      long failedMillis,
      int max) {
    this.env = env;
    this.proofs = proofs;
    this.random = random;
    this.timeoutMillis = timeoutMillis;
    this.failedMillis = failedMillis;
    this.max = max;
    this.proven = BoundedMaps.leastRecentlyUsed(max);
    this.failedUntil = BoundedMaps.leastRecentlyUsed(max);
  }

  /** The id proven at {@code at}, or null. */
  PeerId proven(InetSocketAddress at) {
    return proven.get(at);
  }

  void forget(InetSocketAddress at) {
    proven.remove(at);
  }

  /** {@code at} is worth asking again at once (it became reachable another way). */
  void retryNow(InetSocketAddress at) {
    failedUntil.remove(at);
  }

  /**
   * Asks {@code at} to prove its id (unless known); {@code done} gets the id, or null if it did not
   * answer with a valid proof (then {@code at} is not asked again for a while). {@code onPong} sees
   * the answer (it carries our reflexive address).
   */
  void prove(InetSocketAddress at, Consumer<Msg> onPong, Consumer<PeerId> done) {
    PeerId known = proven.get(at);
    if (known != null) {
      done.accept(known);
      return;
    }
    Long until = failedUntil.get(at);
    if (until != null && until > env.nowMillis()) {
      done.accept(null);
      return;
    }
    List<Consumer<PeerId>> waiting = proving.get(at);
    if (waiting != null) {
      waiting.add(done);
      return;
    }
    if (proving.size() >= max) {
      done.accept(null);
      return;
    }
    proving.put(at, new ArrayList<>(List.of(done)));
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    proofs.send(
        at,
        timeoutMillis,
        tx -> new Msg.Ping(tx, nonce, new byte[0]),
        reply -> {
          PeerId id = NodeVerifier.provenBy(reply, nonce);
          if (id != null) {
            onPong.accept(reply);
          }
          finish(at, id);
        },
        failure -> finish(at, null));
  }

  private void finish(InetSocketAddress at, PeerId id) {
    if (id != null) {
      proven.put(at, id);
      failedUntil.remove(at);
    } else {
      failedUntil.put(at, env.nowMillis() + failedMillis);
    }
    List<Consumer<PeerId>> waiting = proving.remove(at);
    if (waiting != null) {
      waiting.forEach(w -> w.accept(id));
    }
  }
}
