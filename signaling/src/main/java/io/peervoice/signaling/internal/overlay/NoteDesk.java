package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * S6 missed: a node's HOLD requests and the pushing of held notes ({@code docs/missed-calls.md}). A
 * HOLD's fragments are put back together per (source address, message id), bounded; each fragment
 * but the last is answered OK as it comes, the last with the verdict on the whole note, checked
 * cheapest first: an envelope sealed to the HOLD's target, not held before, within every {@link
 * NoteLimits} bound, then (within the {@link SignatureBudget}) signed by the sender it names. The
 * node sees PeerIds and sizes only. A held note is pushed as DELIVERs down every attachment of its
 * recipient when it is taken, when the recipient attaches and at each of its keepalives (at most
 * {@link #PUSHES_PER_ATTACH} times per device between two ATTACHes), and dropped once one device
 * acknowledged every fragment. S9 notes: a HOLD from a record holder of its recipient is not
 * counted against a source network's share ({@link NoteHandover#isHandover}), and held notes are
 * handed over to the nodes a newer record of their recipient lists ({@link NoteHandover}).
 * Single-threaded.
 */
final class NoteDesk {
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final WireCodec codec;
  private final Attachments attachments;
  private final OverlayRequests requests;
  private final SignatureBudget signatures;
  private final HeldNotes notes;
  private final EnvelopeCodec envelopes = new EnvelopeCodec();
  private final Reassembly reassembly;
  private final NoteHandover handover; // S9 notes

  NoteDesk(
      Identity identity,
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      WireCodec codec,
      Attachments attachments,
      OverlayRequests requests,
      SignatureBudget signatures,
      Kademlia kademlia,
      AddressProofs proofs) {
    NoteLimits limits = settings.notes();
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    this.codec = codec;
    this.attachments = attachments;
    this.requests = requests;
    this.signatures = signatures;
    this.notes = new HeldNotes(limits);
    this.handover =
        new NoteHandover(
            identity.peerId(),
            settings,
            env,
            counters,
            kademlia,
            proofs,
            notes,
            attachments,
            identity.publicIdentity().signingKey());
    this.reassembly = // S7 tel: a source pushes out its own partial notes, not others'
        new Reassembly( // S8 tel: per network (/24, /64); when full, the biggest holder's oldest
            NoteLimits.ASSEMBLING,
            limits.assemblingPerIp(),
            10_000,
            1,
            a -> IpPrefix.network(a, limits.networkBitsV4(), limits.networkBitsV6()));
  }

  HeldNotes notes() {
    return notes;
  }

  /** S9 notes: a newer valid record was stored here; hand its peer's notes over if need be. */
  void recordStored(LocationRecord record, byte[] wire) {
    handover.recordStored(record, wire);
  }

  private void answer(InetSocketAddress to, long tx, StatusCode code) {
    env.send(to, codec.encode(new Msg.Status(tx, code.wire(), 0)));
  }

  /** One HOLD fragment from {@code from}. */
  void hold(InetSocketAddress from, Msg.Hold m) {
    long now = env.nowMillis();
    byte[] whole =
        reassembly.add(from, m.messageId(), m.fragment(), m.fragments(), m.payload(), now);
    if (whole == null) {
      answer(from, m.tx(), StatusCode.OK); // a fragment taken; the last one gets the verdict
      return;
    }
    StatusCode verdict = take(from, new PeerId(m.target()), m.messageId(), whole, now);
    counters.add(verdict == StatusCode.OK ? Event.NOTE_HELD : Event.NOTE_REFUSED);
    answer(from, m.tx(), verdict);
    if (verdict == StatusCode.OK) {
      push(new PeerId(m.target()));
    }
  }

  private StatusCode take(
      InetSocketAddress from, PeerId target, long messageId, byte[] whole, long now) {
    EnvelopeCodec.Envelope envelope;
    try {
      envelope = envelopes.decode(whole);
    } catch (WireException e) {
      return StatusCode.BAD_NOTE;
    }
    if (!envelope.sealed().recipient().equals(target)) {
      return StatusCode.BAD_NOTE;
    }
    PeerId sender = envelope.sender().peerId();
    HeldNotes.NoteId id = HeldNotes.NoteId.of(envelope.sealed().signature());
    boolean handedOver = handover.isHandover(from, target); // S9 notes: a record holder's
    HeldNotes.Origin origin = HeldNotes.Origin.of(from, notes.limits(), handedOver);
    HeldNotes.Result fits = notes.fits(target, sender, id, whole.length, origin);
    if (fits != HeldNotes.Result.HELD) {
      return refusal(fits);
    }
    if (!signatures.take(from, now)) {
      counters.add(Event.SIGNATURE_LIMITED);
      return StatusCode.RATE_LIMITED;
    }
    if (!envelope.sealed().signedBy(envelope.sender())) {
      return StatusCode.BAD_NOTE;
    }
    StatusCode held = refusal(notes.hold(target, sender, id, messageId, whole, origin, now));
    if (held == StatusCode.OK && handedOver) {
      counters.add(Event.HANDOVER_HELD);
    }
    return held;
  }

  private StatusCode refusal(HeldNotes.Result result) {
    return switch (result) {
      case HELD -> StatusCode.OK;
      case DUPLICATE -> StatusCode.DUPLICATE;
      case PEER_QUOTA, PEER_IP_QUOTA, IP_QUOTA -> {
        counters.add(Event.QUOTA_EXCEEDED);
        yield StatusCode.QUOTA_EXCEEDED;
      }
      case FULL -> {
        counters.add(Event.OVERLOADED);
        yield StatusCode.OVERLOADED;
      }
    };
  }

  /**
   * How long after an ATTACH its notes are pushed: the peer takes DELIVERs only from nodes it knows
   * it is attached to, and a DELIVER sent at once may overtake the ATTACH's answer.
   */
  static final long ATTACH_GRACE_MILLIS = 200;

  /**
   * Pushes of one note to one device address between two ATTACHes from it. A keepalive (or any
   * datagram from an attached address) can be spoofed, and keeps the attachment alive, so pushes it
   * triggers must not go on without bound: without this, a few bytes of spoofed PING would send up
   * to a recipient's 64 KiB of notes to that address again and again. An ATTACH answers a cookie
   * sent to its address, so it proves the address afresh and allows as many pushes again.
   */
  static final int PUSHES_PER_ATTACH = 4;

  /** The peer at {@code from} attached: push what is held for it shortly. */
  void attached(InetSocketAddress from) {
    PeerId peer = attachments.peerAt(from);
    if (peer == null || !notes.holdsFor(peer)) {
      return; // nothing held: no task scheduled (every ATTACH comes here)
    }
    for (HeldNotes.Note note : notes.of(peer, env.nowMillis())) {
      note.pushes.remove(from);
    }
    env.schedule(ATTACH_GRACE_MILLIS, () -> heardFrom(from));
  }

  /** The peer at {@code from} sent a keepalive: push what is held for it. */
  void heardFrom(InetSocketAddress from) {
    PeerId peer = attachments.peerAt(from);
    if (peer != null) {
      push(peer);
    }
  }

  /**
   * Pushes every held note of {@code peer} to each of its devices it is not under way to and has
   * not been pushed to {@link #PUSHES_PER_ATTACH} times since that device attached.
   */
  private void push(PeerId peer) {
    if (!notes.holdsFor(peer)) {
      return; // the common case, on every keepalive: nothing to allocate
    }
    List<Attachments.Attached> devices = attachments.devices(peer);
    if (devices.isEmpty()) {
      return;
    }
    for (HeldNotes.Note note : notes.of(peer, env.nowMillis())) {
      List<byte[]> fragments = null;
      for (Attachments.Attached device : devices) {
        InetSocketAddress to = device.address();
        int pushed = note.pushes.getOrDefault(to, 0);
        if (pushed < PUSHES_PER_ATTACH && note.pushingTo.add(to)) {
          note.pushes.put(to, pushed + 1);
          fragments = fragments == null ? split(note.envelope) : fragments;
          pushTo(to, note, fragments);
        }
      }
    }
  }

  private void pushTo(InetSocketAddress to, HeldNotes.Note note, List<byte[]> fragments) {
    int[] left = {fragments.size()};
    boolean[] failed = {false};
    Runnable fail =
        () -> {
          if (!failed[0]) {
            failed[0] = true;
            note.pushingTo.remove(to); // tried again when the peer attaches or pings
          }
        };
    for (int i = 0; i < fragments.size(); i++) {
      int index = i;
      boolean sent =
          requests.send(
              to,
              settings.pushTimeoutMillis(),
              tx ->
                  new Msg.Deliver(
                      tx, note.messageId, index, fragments.size(), fragments.get(index)),
              ack -> {
                if (--left[0] == 0 && !failed[0] && notes.remove(note)) {
                  counters.add(Event.NOTE_DELIVERED);
                }
              },
              failure -> fail.run());
      if (!sent) {
        fail.run();
        return;
      }
    }
  }

  /** A note's envelope as HOLD or DELIVER payloads. */
  static List<byte[]> split(byte[] envelope) {
    List<byte[]> out = new ArrayList<>();
    for (int at = 0; at < envelope.length; at += WireCodec.MAX_FRAGMENT) {
      out.add(
          Arrays.copyOfRange(envelope, at, Math.min(envelope.length, at + WireCodec.MAX_FRAGMENT)));
    }
    return out;
  }

  /** Drops expired notes and abandoned partial HOLDs. */
  void sweep(long nowMillis) {
    reassembly.sweep(nowMillis);
    int expired = notes.sweep(nowMillis);
    for (int i = 0; i < expired; i++) {
      counters.add(Event.NOTE_EXPIRED);
    }
  }
}
