package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.DeliveryException.Reason;
import io.peervoice.signaling.DeliveryTiming;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.MessageListener;
import io.peervoice.signaling.OverlayLimits;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.SealedMessage;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between peers through the overlay. Sending: look the peer up, seal the payload to it,
 * split it into fragments, route them to one of the nodes the peer is attached to and wait for
 * every acknowledgement; on a refusal or timeout try its next node, then look it up afresh once.
 * Receiving: acknowledge each fragment, reassemble, drop duplicates, check the signature and
 * decrypt, then hand the payload to the listener. Single-threaded. Each message sent is a {@link
 * Delivery}.
 */
public final class Messenger {
  private static final Logger log = LoggerFactory.getLogger(Messenger.class);

  private final Identity identity;
  private final ClientCore client;
  private final Env env;
  private final WireCodec codec;
  private final EnvelopeCodec envelopes = new EnvelopeCodec();
  private final AddressProofs proofs;
  private final SecureRandom random;
  private final ClientSettings settings;
  private final Reassembly reassembly = new Reassembly(64, 10_000, 4_096);

  /** Messages waiting to be opened or sealed, at most (beyond: dropped, or failed, counted). */
  static final int MAX_PACED = 1_024;

  private final PacedWork paced;
  private final PeerLookups lookups;
  private final Delivery.Context sending;
  private final KnownKeys keys = new KnownKeys(1_024); // S6 missed
  private final NoteDeposit notes;
  private MessageListener listener = (from, payload) -> {};
  private long malformed;
  private long unsolicited;
  private long rejected;
  private long duplicates;
  private boolean closed;

  Messenger(
      Identity identity,
      ClientCore client,
      Env env,
      WireCodec codec,
      AddressProofs proofs,
      SecureRandom random,
      ClientSettings settings) {
    this.identity = identity;
    this.client = client;
    this.env = env;
    this.codec = codec;
    this.proofs = proofs;
    this.random = random;
    this.settings = settings;
    this.lookups =
        new PeerLookups(
            env,
            (peer, done) ->
                client.lookup(
                    peer,
                    record -> {
                      if (record != null) {
                        keys.seen(record.identity());
                      }
                      done.accept(record);
                    }),
            RETRY_MILLIS / 2,
            1_024);
    this.paced = new PacedWork(env, MAX_PACED);
    this.sending =
        new Delivery.Context(
            identity,
            client,
            lookups,
            paced,
            env,
            envelopes,
            proofs,
            random,
            settings,
            () -> closed);
    this.notes = new NoteDeposit(sending, keys);
  }

  /**
   * S6 missed: leaves {@code payload}, sealed to {@code peer}, with nodes that hold it until the
   * peer attaches ({@link NoteDeposit}); {@code held} gets how many nodes took it, or {@code
   * failed} why none did.
   */
  public void hold(
      PeerId peer,
      byte[] payload,
      Consumer<DeliveryException> failed,
      java.util.function.IntConsumer held) {
    if (closed || payload.length > OverlayLimits.MAX_MESSAGE || !client.isAttached()) {
      failed.accept(
          new DeliveryException(
              closed ? Reason.CLOSED : client.isAttached() ? Reason.TOO_LARGE : Reason.NOT_ATTACHED,
              "cannot leave a note of " + payload.length + " bytes now"));
      return;
    }
    notes.deposit(peer, payload, random.nextLong(), failed, held);
  }

  public void onMessage(MessageListener listener) {
    this.listener = listener;
  }

  /**
   * Sends {@code payload} to {@code peer}; {@code done} gets null on success or the failure. The
   * message goes to every node the peer's record lists at once (the peer drops duplicates); if none
   * delivers it, the record is looked up again every {@link #RETRY_MILLIS} ms and the message sent
   * again to a newer record (the peer may be failing over), until {@link
   * ClientSettings#sendDeadlineMillis()}.
   */
  public void send(PeerId peer, byte[] payload, Consumer<DeliveryException> done) {
    send(peer, payload, done, t -> {});
  }

  /**
   * As {@link #send(PeerId, byte[], Consumer)}; {@code timed} gets where a delivered message's time
   * went (lookup, then delivery) just before {@code done} gets null.
   */
  public void send(
      PeerId peer,
      byte[] payload,
      Consumer<DeliveryException> done,
      Consumer<DeliveryTiming> timed) {
    if (closed) {
      done.accept(new DeliveryException(Reason.CLOSED, "the client is closed"));
      return;
    }
    if (payload.length > OverlayLimits.MAX_MESSAGE) {
      done.accept(
          new DeliveryException(
              Reason.TOO_LARGE,
              payload.length + " bytes is over the " + OverlayLimits.MAX_MESSAGE + "-byte limit"));
      return;
    }
    if (!client.isAttached()) {
      done.accept(new DeliveryException(Reason.NOT_ATTACHED, "no rendezvous node attached"));
      return;
    }
    new Delivery(
            sending,
            peer,
            payload,
            random.nextLong(),
            env.nowMillis() + settings.sendDeadlineMillis(),
            done,
            timed)
        .round();
  }

  /**
   * Starts looking {@code peer} up now, for a message about to be sent to it: a send that asks for
   * its record while this lookup is in flight, or soon after it answered ({@link PeerLookups}),
   * takes its answer, so the lookup overlaps what the sender does first (a caller making its ICE
   * agent and keys, a callee its ringing call). Nothing when closed or not attached.
   */
  public void lookAhead(PeerId peer) {
    if (!closed && client.isAttached()) {
      lookups.lookup(peer, record -> {});
    }
  }

  static final long RETRY_MILLIS = 100;

  /** A fragment pushed by a node: acknowledge, reassemble, check, open, hand over. */
  void deliver(InetSocketAddress from, Msg.Deliver d, boolean fromAttachedNode) {
    if (!fromAttachedNode) {
      unsolicited++;
      return;
    }
    env.send(from, codec.encode(new Msg.Status(d.tx(), StatusCode.OK.wire(), 0)));
    if (reassembly.alreadyDelivered(d.messageId())) {
      duplicates++;
      return;
    }
    byte[] whole =
        reassembly.add(
            from, d.messageId(), d.fragment(), d.fragments(), d.payload(), env.nowMillis());
    if (whole == null) {
      return;
    }
    long messageId = d.messageId();
    if (!paced.add(() -> open(messageId, whole))) {
      log.warn("dropped a message: {} messages wait to be opened or sealed", paced.waiting());
    }
  }

  /**
   * Opens a reassembled message and hands it over; paced ({@link PacedWork}): an open (X25519 and
   * an Ed25519 check) costs far more than an acknowledgement, and a burst of messages opened as
   * they came made the acknowledgements and answers read behind them late, failing deliveries (a
   * node waits {@link NodeSettings#pushTimeoutMillis()} for an acknowledgement).
   */
  private void open(long messageId, byte[] whole) {
    if (reassembly.alreadyDelivered(messageId)) {
      duplicates++; // a copy of it (sent again by a retrying sender) was opened meanwhile
      return;
    }
    EnvelopeCodec.Envelope envelope;
    try {
      envelope = envelopes.decode(whole);
    } catch (WireException e) {
      malformed++;
      return;
    }
    SealedMessage.Opened opened = envelope.sealed().open(identity, envelope.sender());
    if (opened instanceof SealedMessage.Opened.Payload p) {
      reassembly.markDelivered(messageId);
      keys.seen(envelope.sender());
      try {
        listener.received(envelope.sender(), p.bytes());
      } catch (RuntimeException e) {
        log.warn("message listener failed", e);
      }
    } else {
      rejected++;
      log.debug("dropped a message that did not open: {}", opened);
    }
  }

  void sweep(long nowMillis) {
    reassembly.sweep(nowMillis);
  }

  void countMalformed() {
    malformed++;
  }

  void countUnsolicited() {
    unsolicited++;
  }

  /** Lookups our deliveries sent (those that shared another's answer not counted). */
  public long lookups() {
    return lookups.asked();
  }

  /** Messages not opened or sealed because {@link #MAX_PACED} waited already. */
  public long overflowed() {
    return paced.refused();
  }

  public long malformed() {
    return malformed;
  }

  public long rejected() {
    return rejected;
  }

  public long duplicates() {
    return duplicates;
  }

  void close() {
    closed = true;
  }
}
