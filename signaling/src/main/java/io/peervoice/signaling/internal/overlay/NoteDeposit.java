package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.DeliveryException.Reason;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import io.peervoice.signaling.SealedMessage;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * S6 missed: leaves a sealed note for a peer with nodes that hold it until the peer attaches
 * ({@code docs/missed-calls.md}). The note is sealed to the peer's keys (from its location record,
 * or, when none is valid any more, as remembered from a record or message seen earlier: {@link
 * KnownKeys}) and sent as HOLD fragments to every node the record lists, or without a record to the
 * nodes we are attached to; S9 notes: and in both cases to the {@link RecordLookup#HOLDERS} nodes
 * closest to the peer's id (its record holders, which hand the note over to the nodes its next
 * record lists: {@link NoteHandover}). Each node must first prove the id named for it. Succeeds
 * with how many nodes hold it. Single-threaded on the client's {@link Env}.
 */
final class NoteDeposit {
  private final Delivery.Context context;
  private final KnownKeys keys;

  NoteDeposit(Delivery.Context context, KnownKeys keys) {
    this.context = context;
    this.keys = keys;
  }

  /** Seals {@code payload} to {@code peer} and leaves it; one of {@code failed}, {@code held}. */
  void deposit(
      PeerId peer,
      byte[] payload,
      long messageId,
      Consumer<DeliveryException> failed,
      IntConsumer held) {
    context
        .client()
        .lookupWithHolders(
            peer,
            found -> {
              LocationRecord record = found.record();
              if (record != null) {
                keys.seen(record.identity());
              }
              PublicIdentity to = record != null ? record.identity() : keys.get(peer);
              if (to == null) {
                failed.accept(
                    new DeliveryException(
                        Reason.PEER_NOT_FOUND,
                        "no location record of the peer, and its keys were never seen: a note"
                            + " cannot be sealed to it"));
                return;
              }
              List<NodeAddress> nodes =
                  union(
                      record != null ? record.nodes() : context.client().attachedNodes(),
                      found.holders());
              boolean queued =
                  context
                      .paced()
                      .add(() -> sealAndSend(peer, to, payload, messageId, nodes, failed, held));
              if (!queued) {
                failed.accept(new DeliveryException(Reason.REFUSED, "too much work queued"));
              }
            });
  }

  private void sealAndSend(
      PeerId peer,
      PublicIdentity to,
      byte[] payload,
      long messageId,
      List<NodeAddress> nodes,
      Consumer<DeliveryException> failed,
      IntConsumer held) {
    SealedMessage sealed = SealedMessage.seal(context.identity(), to, payload, context.random());
    byte[] envelope = context.envelopes().encode(context.identity().publicIdentity(), sealed);
    List<byte[]> fragments = new ArrayList<>();
    for (int at = 0; at < envelope.length; at += WireCodec.MAX_FRAGMENT) {
      fragments.add(
          Arrays.copyOfRange(envelope, at, Math.min(envelope.length, at + WireCodec.MAX_FRAGMENT)));
    }
    int[] left = {nodes.size()};
    int[] holding = {0};
    DeliveryException[] last = {
      new DeliveryException(Reason.PEER_UNREACHABLE, "no node to hold the note")
    };
    Consumer<DeliveryException> nodeDone =
        failure -> {
          if (failure == null) {
            holding[0]++;
          } else {
            last[0] = failure;
          }
          if (--left[0] == 0) {
            if (holding[0] > 0) {
              held.accept(holding[0]);
            } else {
              failed.accept(last[0]);
            }
          }
        };
    if (nodes.isEmpty()) {
      failed.accept(last[0]);
      return;
    }
    for (NodeAddress node : nodes) {
      InetSocketAddress address = resolve(node);
      if (address == null) {
        nodeDone.accept(new DeliveryException(Reason.PEER_UNREACHABLE, "unusable node " + node));
        continue;
      }
      context
          .client()
          .proveNode(
              address,
              node.node(),
              id -> {
                if (node.node().equals(id)) {
                  send(address, peer, messageId, fragments, nodeDone);
                } else {
                  nodeDone.accept(
                      new DeliveryException(
                          Reason.PEER_UNREACHABLE, "node " + address + " did not prove its id"));
                }
              });
    }
  }

  private void send(
      InetSocketAddress node,
      PeerId peer,
      long messageId,
      List<byte[]> fragments,
      Consumer<DeliveryException> nodeDone) {
    int[] left = {fragments.size()};
    DeliveryException[] failure = {null};
    Runnable one =
        () -> {
          if (--left[0] == 0) {
            nodeDone.accept(failure[0]);
          }
        };
    for (int i = 0; i < fragments.size(); i++) {
      int index = i;
      context
          .proofs()
          .send(
              node,
              context.settings().routeTimeoutMillis(),
              tx ->
                  new Msg.Hold(
                      tx, peer.bytes(), messageId, index, fragments.size(), fragments.get(index)),
              reply -> {
                if (!OverlayRequests.ok(reply)) {
                  StatusCode code =
                      reply instanceof Msg.Status s ? StatusCode.of(s.code()) : StatusCode.UNKNOWN;
                  failure[0] =
                      new DeliveryException(
                          Reason.REFUSED, "node " + node + " did not hold the note: " + code);
                }
                one.run();
              },
              requestFailure -> {
                failure[0] =
                    new DeliveryException(
                        Reason.PEER_UNREACHABLE, "node " + node + ": " + requestFailure);
                one.run();
              });
    }
  }

  /**
   * S9 notes: {@code first}, then those of {@code more} whose ids it does not name (at most {@link
   * LocationRecord#MAX_NODES} + {@link RecordLookup#HOLDERS} nodes in all).
   */
  private static List<NodeAddress> union(List<NodeAddress> first, List<NodeAddress> more) {
    Map<PeerId, NodeAddress> out = new LinkedHashMap<>();
    for (NodeAddress n : first) {
      if (out.size() < LocationRecord.MAX_NODES) {
        out.putIfAbsent(n.node(), n);
      }
    }
    for (NodeAddress n : more.subList(0, Math.min(more.size(), RecordLookup.HOLDERS))) {
      out.putIfAbsent(n.node(), n);
    }
    return List.copyOf(out.values());
  }

  private static InetSocketAddress resolve(NodeAddress node) {
    if (!node.host().matches("[0-9a-fA-F.:]+")) {
      return null; // never a name lookup on the client's loop
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(node.host()), node.port());
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
