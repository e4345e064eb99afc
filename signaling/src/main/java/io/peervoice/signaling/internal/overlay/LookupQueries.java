package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One step of a node's iterative lookups: asks one node for the nodes (or the record) closest to a
 * target, and reads its answer, keeping only contacts worth asking next (not us, not recently
 * failed, with enough work in their ids). Single-threaded.
 */
final class LookupQueries {
  private final Identity identity;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final AddressProofs proofs;
  private final NodeStrikes strikes;
  private final byte[] ownKey;
  private final Consumer<NodeRef> answered;
  private final Consumer<NodeRef> timedOut;

  /**
   * @param answered runs with each node that answered a query
   * @param timedOut runs with each node that did not answer in time
   */
  LookupQueries(
      Identity identity,
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      AddressProofs proofs,
      NodeStrikes strikes,
      byte[] ownKey,
      Consumer<NodeRef> answered,
      Consumer<NodeRef> timedOut) {
    this.identity = identity;
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    this.proofs = proofs;
    this.strikes = strikes;
    this.ownKey = ownKey;
    this.answered = answered;
    this.timedOut = timedOut;
  }

  /** Asks {@code node} for {@code target}'s closest nodes, or its record if {@code wantRecord}. */
  void query(
      NodeRef node,
      PeerId target,
      boolean wantRecord,
      Consumer<IterativeLookup.Answer> onAnswer,
      Runnable onFailure) {
    proofs.send(
        node.address(),
        settings.requestTimeoutMillis(),
        tx ->
            wantRecord
                ? new Msg.FindRecord(tx, target.bytes(), ownKey)
                : new Msg.FindNode(tx, target.bytes(), ownKey),
        reply -> {
          IterativeLookup.Answer answer = answerOf(reply);
          if (answer == null) {
            onFailure.run();
          } else {
            strikes.answered(node.id());
            answered.accept(node);
            onAnswer.accept(answer);
          }
        },
        failure -> {
          timedOut.accept(node);
          onFailure.run();
        });
  }

  private IterativeLookup.Answer answerOf(Msg reply) {
    List<Msg.Contact> contacts;
    byte[] record = null;
    if (reply instanceof Msg.Nodes n) {
      contacts = n.contacts();
    } else if (reply instanceof Msg.RecordReply r) {
      contacts = r.contacts();
      record = r.record().length == 0 ? null : r.record();
    } else {
      return null;
    }
    List<NodeRef> closer = new ArrayList<>(contacts.size());
    for (Msg.Contact c : contacts) {
      try {
        PeerId id = new PeerId(c.id());
        if (!id.equals(identity.peerId())
            && !strikes.recentlyFailed(id, env.nowMillis())
            && NodeVerifier.hasWork(id, settings, counters)) {
          closer.add(
              new NodeRef(id, new InetSocketAddress(InetAddress.getByAddress(c.ip()), c.port())));
        }
      } catch (UnknownHostException | IllegalArgumentException e) {
        counters.add(Event.MALFORMED);
      }
    }
    return new IterativeLookup.Answer(closer, record);
  }
}
