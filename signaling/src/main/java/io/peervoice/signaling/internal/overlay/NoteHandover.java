package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * S9 notes: a node's handover of held missed-call notes ({@code docs/missed-calls.md}, "Where notes
 * are held"). Notes for a peer whose record expired are held by the nodes closest to its id, which
 * are where its next record is stored. When such a node stores a newer valid record of a peer it
 * holds notes for (a STORE from replication; a PUBLISH means the peer is attached here, and then
 * the notes are pushed to it as usual), it hands each note over as HOLD to every other node the
 * record lists, and drops it once one of them took it (or had it).
 *
 * <p>A record is free to make, so it must not make a node send bytes to any address it names: each
 * listed node must first prove, at the address listed, the id listed (a small signed PING exchange
 * after the usual cookie), and only then gets a STORE of the record (so that it proves our id in
 * turn: {@link #isHandover}) and the notes. Each (note, node) is tried at most once, handovers wait
 * in a bounded queue ({@link #MAX_QUEUED}) and one note goes out every {@link #SPACING_MILLIS},
 * well within a receiver's signature budget for one source (20 a second).
 *
 * <p>The receiving side: a HOLD is a handover if it comes from an address where a node proved its
 * id, and that id is among the 2k nodes closest to the note's recipient that this node knows (a
 * record holder is among the k closest, so it is among the closest we know). Such a HOLD is checked
 * like a caller's, except for the share of one source network in a recipient's notes: a holder
 * forwards the notes of many networks from its one address. Single-threaded.
 */
final class NoteHandover {
  /** Handovers (peer, node) waiting at most; more are dropped and counted. */
  static final int MAX_QUEUED = 256;

  /** One note handed over at most this often (all handovers of this node together). */
  static final long SPACING_MILLIS = 100;

  /** Nodes one note is handed over to at most (a record lists at most 8). */
  static final int MAX_HANDED = 16;

  private record Task(PeerId peer, NodeAddress node, byte[] record) {}

  private final PeerId self;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final Kademlia kademlia;
  private final AddressProofs proofs;
  private final HeldNotes notes;
  private final Attachments attachments;
  private final byte[] ownKey;
  private final ArrayDeque<Task> queue = new ArrayDeque<>();
  private boolean busy;

  NoteHandover(
      PeerId self,
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      Kademlia kademlia,
      AddressProofs proofs,
      HeldNotes notes,
      Attachments attachments,
      byte[] ownKey) {
    this.self = self;
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    this.kademlia = kademlia;
    this.proofs = proofs;
    this.notes = notes;
    this.attachments = attachments;
    this.ownKey = ownKey;
  }

  /** A newer valid {@code record} (its wire bytes {@code wire}) was stored here. */
  void recordStored(LocationRecord record, byte[] wire) {
    PeerId peer = record.peer();
    if (!notes.holdsFor(peer) || !attachments.devices(peer).isEmpty()) {
      return; // nothing held (the common case), or the peer is attached here: pushed to it
    }
    for (NodeAddress node : record.nodes()) {
      if (node.node().equals(self)) {
        continue;
      }
      if (queue.size() >= MAX_QUEUED) {
        counters.add(Event.HANDOVER_DROPPED);
        continue;
      }
      queue.add(new Task(peer, node, wire));
    }
    next();
  }

  private void next() {
    if (busy || queue.isEmpty()) {
      return;
    }
    busy = true;
    Task task = queue.poll();
    run(task, () -> env.schedule(SPACING_MILLIS, this::done));
  }

  private void done() {
    busy = false;
    next();
  }

  private void run(Task task, Runnable finished) {
    InetSocketAddress address = resolve(task.node());
    if (address == null) {
      finished.run();
      return;
    }
    PeerId id = task.node().node();
    if (id.equals(kademlia.provenId(address))) {
      proven(task, address, finished);
      return;
    }
    kademlia.prove(
        address,
        ok -> {
          if (id.equals(kademlia.provenId(address))) {
            proven(task, address, finished);
          } else {
            finished.run(); // no proof of the listed id there: not one byte of a note
          }
        });
  }

  /** The node proved the id listed: STORE the record (it proves ours), then the notes. */
  private void proven(Task task, InetSocketAddress address, Runnable finished) {
    List<HeldNotes.Note> due = new ArrayList<>();
    for (HeldNotes.Note note : notes.of(task.peer(), env.nowMillis())) {
      if (note.handedTo.size() < MAX_HANDED && note.handedTo.add(task.node().node())) {
        due.add(note);
      }
    }
    if (due.isEmpty()) {
      finished.run();
      return;
    }
    proofs.send(
        address,
        settings.requestTimeoutMillis() * 2,
        tx -> new Msg.Store(tx, task.record(), ownKey),
        reply -> send(address, due, 0, finished),
        failure -> finished.run());
  }

  private void send(
      InetSocketAddress address, List<HeldNotes.Note> due, int index, Runnable finished) {
    if (index == due.size()) {
      finished.run();
      return;
    }
    HeldNotes.Note note = due.get(index);
    List<byte[]> fragments = NoteDesk.split(note.envelope);
    int[] left = {fragments.size()};
    boolean[] refused = {false};
    for (int i = 0; i < fragments.size(); i++) {
      int at = i;
      proofs.send(
          address,
          settings.requestTimeoutMillis(),
          tx ->
              new Msg.Hold(
                  tx, note.target.bytes(), note.messageId, at, fragments.size(), fragments.get(at)),
          reply -> {
            refused[0] |= !taken(reply); // the verdict comes with whichever fragment completes it
            if (--left[0] == 0 && !refused[0] && notes.remove(note)) {
              counters.add(Event.NOTE_HANDED_OVER);
            }
          },
          failure -> refused[0] = true);
    }
    env.schedule(SPACING_MILLIS, () -> send(address, due, index + 1, finished));
  }

  private static boolean taken(Msg reply) {
    return reply instanceof Msg.Status s
        && (s.code() == StatusCode.OK.wire() || s.code() == StatusCode.DUPLICATE.wire());
  }

  /**
   * Whether a HOLD from {@code from} for {@code target} is a handover: a node proved its id at
   * {@code from}, and fewer than 2k nodes we know are closer to {@code target} than it.
   */
  boolean isHandover(InetSocketAddress from, PeerId target) {
    PeerId id = kademlia.provenId(from);
    if (id == null) {
      return false;
    }
    int among = 2 * settings.k();
    List<NodeRef> closest = kademlia.table().closest(target, among);
    if (closest.size() < among) {
      return true;
    }
    byte[] farthest = target.distance(closest.get(among - 1).id());
    return Arrays.compareUnsigned(target.distance(id), farthest) <= 0;
  }

  private static InetSocketAddress resolve(NodeAddress node) {
    if (!node.host().matches("[0-9a-fA-F.:]+")) {
      return null; // never a name lookup on the node's loop
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(node.host()), node.port());
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
