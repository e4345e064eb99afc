package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A node's record requests: STORE (only from a node whose address and node id are proven), PUBLISH
 * (only from an attached peer, only for a record listing this node; an identical one within a short
 * window is not replicated again) and LOOKUP (only for attached peers). Single-threaded.
 */
final class RecordRequests {
  private final Env env;
  private final NodeCounters counters;
  private final RecordDesk records;
  private final Attachments attachments;
  private final Kademlia kademlia;
  private final Replication replication;
  private final RecentPublishes publishes;
  private final BiConsumer<InetSocketAddress, Msg> reply;
  private final BooleanSupplier closed;

  RecordRequests(
      Env env,
      NodeCounters counters,
      RecordDesk records,
      Attachments attachments,
      Kademlia kademlia,
      Replication replication,
      RecentPublishes publishes,
      BiConsumer<InetSocketAddress, Msg> reply,
      BooleanSupplier closed) {
    this.env = env;
    this.counters = counters;
    this.records = records;
    this.attachments = attachments;
    this.kademlia = kademlia;
    this.replication = replication;
    this.publishes = publishes;
    this.reply = reply;
    this.closed = closed;
  }

  private void reply(InetSocketAddress to, Msg msg) {
    reply.accept(to, msg);
  }

  private void fail(InetSocketAddress to, long tx, StatusCode code) {
    reply(to, new Msg.Status(tx, code.wire(), 0));
  }

  private void answer(InetSocketAddress to, long tx, RecordDesk.Outcome outcome) {
    reply(to, new Msg.Status(tx, outcome.code().wire(), outcome.value()));
  }

  /** STORE only from a node whose address and id are proven; proves the id first if need be. */
  void onStore(InetSocketAddress from, Msg.Store m) {
    counters.add(Event.STORE);
    if (m.senderKey().length == 0) {
      notANode(from, m.tx());
      return;
    }
    PeerId claimed = PeerId.of(m.senderKey());
    if (claimed.equals(kademlia.provenId(from))) {
      answer(from, m.tx(), records.put(m.record(), null, IpPrefix.of(from)));
      return;
    }
    kademlia.prove(
        from,
        ok -> {
          if (closed.getAsBoolean()) {
            return;
          }
          if (claimed.equals(kademlia.provenId(from))) {
            answer(from, m.tx(), records.put(m.record(), null, IpPrefix.of(from)));
          } else {
            notANode(from, m.tx());
          }
        });
  }

  private void notANode(InetSocketAddress from, long tx) {
    counters.add(Event.NOT_A_NODE);
    fail(from, tx, StatusCode.NOT_A_NODE);
  }

  void onPublish(InetSocketAddress from, Msg.Publish m) {
    counters.add(Event.PUBLISH);
    PeerId owner = attachments.peerAt(from);
    if (owner == null) {
      fail(from, m.tx(), StatusCode.NOT_ATTACHED_SENDER);
      return;
    }
    long now = env.nowMillis();
    int repeated = publishes.repeated(owner, m.record(), now);
    if (repeated >= 0) {
      counters.add(Event.PUBLISH_REPEATED);
      reply(from, new Msg.Status(m.tx(), StatusCode.OK.wire(), repeated + 1));
      return;
    }
    RecordDesk.Outcome outcome = records.put(m.record(), owner, IpPrefix.of(from));
    if (!outcome.ok()) {
      answer(from, m.tx(), outcome);
      return;
    }
    replication.replicate(
        owner,
        m.record(),
        stored -> {
          publishes.replicated(owner, m.record(), now, stored);
          reply(from, new Msg.Status(m.tx(), StatusCode.OK.wire(), stored + 1));
        });
  }

  void onLookup(InetSocketAddress from, Msg.Lookup m) {
    counters.add(Event.LOOKUP);
    if (attachments.peerAt(from) == null) {
      fail(from, m.tx(), StatusCode.NOT_ATTACHED_SENDER);
      return;
    }
    PeerId peer = new PeerId(m.peer());
    replication.findRecord( // S9 notes: with the k closest nodes, the holders of its next record
        peer,
        records.get(peer),
        (best, closest) ->
            reply(
                from,
                new Msg.RecordReply(
                    m.tx(), best == null ? new byte[0] : best, kademlia.contactsOf(closest))));
  }
}
