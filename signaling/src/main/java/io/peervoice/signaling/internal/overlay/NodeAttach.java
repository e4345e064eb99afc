package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.Msg;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a client attaches to one node: a fresh cookie for our address (address proof), the node's
 * proof of its id, then ATTACH signed over the node's id, the cookie, the time and our device id;
 * and how it asks an attached node for others. For {@link NodeLinks}. Single-threaded on the
 * client's {@link Env}.
 */
final class NodeAttach {
  /** Logs as the client it serves. */
  private static final Logger log = LoggerFactory.getLogger(ClientCore.class);

  /** Our cookie must still be valid when the node checks it (it keeps them 60 to 120 s). */
  private static final long COOKIE_MAX_AGE_MILLIS = 30_000;

  private final Identity identity;
  private final ClientSettings settings;
  private final Env env;
  private final AddressProofs proofs;
  private final NodeIdProofs nodeIds;
  private final long device;

  NodeAttach(
      Identity identity,
      ClientSettings settings,
      Env env,
      AddressProofs proofs,
      NodeIdProofs nodeIds,
      long device) {
    this.identity = identity;
    this.settings = settings;
    this.env = env;
    this.proofs = proofs;
    this.nodeIds = nodeIds;
    this.device = device;
  }

  /**
   * Attaches to {@code node}; then exactly one of {@code attached} (with the node's proven id and
   * how many devices of our identity it holds) and {@code failed} (with the step that failed and
   * why, for the log: e.g. {@code ATTACH: TIMEOUT}) runs. {@code onPong} sees the PONG of the node
   * id proof.
   */
  void attach(
      InetSocketAddress node,
      Consumer<Msg> onPong,
      ObjIntConsumer<PeerId> attached,
      Consumer<String> failed) {
    Consumer<String> failure =
        why -> {
          nodeIds.forget(node);
          failed.accept(why);
        };
    nodeIds.forget(node);
    nodeIds.retryNow(node); // when to try a node again is NodeLinks' back-off (KnownNodes)
    proofs.freshCookie(
        node,
        COOKIE_MAX_AGE_MILLIS,
        cookie ->
            nodeIds.prove(
                node,
                onPong,
                id -> {
                  if (id == null) {
                    failure.accept("node id proof: no valid PONG");
                  } else {
                    sendAttach(node, id, cookie, attached, failure);
                  }
                }),
        f -> failure.accept("address proof: " + f));
  }

  private void sendAttach(
      InetSocketAddress node,
      PeerId id,
      byte[] cookie,
      ObjIntConsumer<PeerId> attached,
      Consumer<String> failed) {
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
          if (!OverlayRequests.ok(reply)) {
            log.warn("node {} refused to attach us: {}", node, reply);
            failed.accept("ATTACH refused: " + reply);
            return;
          }
          attached.accept(id, (int) Math.max(1, Math.min(255, ((Msg.Status) reply).value())));
        },
        failure -> failed.accept("ATTACH: " + failure));
  }

  /**
   * Asks {@code node} for the nodes closest to our id; {@code learn} gets each one named, with its
   * contact (stream ports, if the answer named them).
   */
  void askForNodes(
      InetSocketAddress node, java.util.function.BiConsumer<InetSocketAddress, Msg.Contact> learn) {
    proofs.send(
        node,
        settings.requestTimeoutMillis(),
        tx -> new Msg.FindNode(tx, identity.peerId().bytes(), new byte[0]),
        reply -> {
          if (reply instanceof Msg.Nodes n) {
            for (Msg.Contact c : n.contacts()) {
              try {
                learn.accept(new InetSocketAddress(InetAddress.getByAddress(c.ip()), c.port()), c);
              } catch (UnknownHostException e) {
                // length was checked by the codec
              }
            }
          }
        },
        failure -> {});
  }
}
