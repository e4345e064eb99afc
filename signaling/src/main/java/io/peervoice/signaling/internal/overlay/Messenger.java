package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.DeliveryException.Reason;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.MessageListener;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.OverlayLimits;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.SealedMessage;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between peers through the overlay. Sending: look the peer up, seal the payload to it,
 * split it into fragments, route them to one of the nodes the peer is attached to and wait for
 * every acknowledgement; on a refusal or timeout try its next node, then look it up afresh once.
 * Receiving: acknowledge each fragment, reassemble, drop duplicates, check the signature and
 * decrypt, then hand the payload to the listener. Single-threaded.
 */
public final class Messenger {
  private static final Logger log = LoggerFactory.getLogger(Messenger.class);
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

  private final Identity identity;
  private final ClientCore client;
  private final Env env;
  private final WireCodec codec;
  private final EnvelopeCodec envelopes = new EnvelopeCodec();
  private final AddressProofs proofs;
  private final SecureRandom random;
  private final ClientSettings settings;
  private final Reassembly reassembly = new Reassembly(64, 10_000, 4_096);
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
            peer, payload, random.nextLong(), env.nowMillis() + settings.sendDeadlineMillis(), done)
        .round();
  }

  static final long RETRY_MILLIS = 100;

  /** One message's delivery: rounds of lookup and routing until delivered or out of time. */
  private final class Delivery {
    final PeerId peer;
    final byte[] payload;
    final long messageId;
    final long deadline;
    final Consumer<DeliveryException> done;
    long triedSequence = -1;
    long lastAttemptEnd;
    DeliveryException last;
    boolean finished;

    Delivery(
        PeerId peer,
        byte[] payload,
        long messageId,
        long deadline,
        Consumer<DeliveryException> done) {
      this.peer = peer;
      this.payload = payload;
      this.messageId = messageId;
      this.deadline = deadline;
      this.done = done;
    }

    void round() {
      client.lookup(
          peer,
          record -> {
            if (record == null) {
              last = new DeliveryException(Reason.PEER_NOT_FOUND, "no valid location record");
              retryOrFail();
            } else if (record.sequence() > triedSequence
                || env.nowMillis() - lastAttemptEnd >= 1_000) {
              attempt(record);
            } else {
              retryOrFail();
            }
          });
    }

    void retryOrFail() {
      if (env.nowMillis() + RETRY_MILLIS >= deadline || closed) {
        finish(last);
      } else {
        env.schedule(RETRY_MILLIS, this::round);
      }
    }

    void finish(DeliveryException failure) {
      if (!finished) {
        finished = true;
        done.accept(failure);
      }
    }

    void attempt(LocationRecord record) {
      triedSequence = record.sequence();
      SealedMessage sealed = SealedMessage.seal(identity, record.identity(), payload, random);
      List<byte[]> fragments = split(envelopes.encode(identity.publicIdentity(), sealed));
      List<InetSocketAddress> nodes = new ArrayList<>();
      List<Integer> indexes = new ArrayList<>();
      for (int i = 0; i < record.nodes().size(); i++) {
        InetSocketAddress address = resolve(record.nodes().get(i));
        if (address != null) {
          nodes.add(address);
          indexes.add(i);
        }
      }
      if (nodes.isEmpty()) {
        last = unreachable(record);
        lastAttemptEnd = env.nowMillis();
        retryOrFail();
        return;
      }
      int[] nodesLeft = {nodes.size()};
      for (int i = 0; i < nodes.size(); i++) {
        InetSocketAddress node = nodes.get(i);
        PeerId listed = record.nodes().get(indexes.get(i)).node();
        sendToProven(
            node,
            listed,
            record,
            fragments,
            failure -> {
              if (finished) {
                return;
              }
              if (failure == null) {
                finish(null);
              } else {
                last = failure;
                if (--nodesLeft[0] == 0) {
                  lastAttemptEnd = env.nowMillis();
                  retryOrFail();
                }
              }
            });
      }
    }

    /** Routes only through a node that proved, at that address, the id the record lists. */
    void sendToProven(
        InetSocketAddress node,
        PeerId listed,
        LocationRecord record,
        List<byte[]> fragments,
        Consumer<DeliveryException> nodeDone) {
      client.proveNode(
          node,
          listed,
          id -> {
            if (listed.equals(id)) {
              sendFragments(node, record, fragments, nodeDone);
            } else {
              nodeDone.accept(
                  new DeliveryException(
                      Reason.PEER_UNREACHABLE,
                      "node " + node + " did not prove the id the record lists"));
            }
          });
    }

    void sendFragments(
        InetSocketAddress node,
        LocationRecord record,
        List<byte[]> fragments,
        Consumer<DeliveryException> nodeDone) {
      int[] left = {fragments.size()};
      DeliveryException[] failure = {null};
      for (int i = 0; i < fragments.size(); i++) {
        int index = i;
        proofs.send(
            node,
            settings.routeTimeoutMillis(),
            tx ->
                new Msg.Route(
                    tx,
                    record.peer().bytes(),
                    messageId,
                    index,
                    fragments.size(),
                    fragments.get(index)),
            reply -> {
              if (!(reply instanceof Msg.Status s) || s.code() != StatusCode.OK.wire()) {
                failure[0] = failureOf(node, reply);
              }
              if (--left[0] == 0) {
                nodeDone.accept(failure[0]);
              }
            },
            () -> {
              failure[0] =
                  new DeliveryException(
                      Reason.PEER_UNREACHABLE, "node " + node + " did not answer");
              if (--left[0] == 0) {
                nodeDone.accept(failure[0]);
              }
            });
      }
    }
  }

  private static List<byte[]> split(byte[] envelope) {
    List<byte[]> out = new ArrayList<>();
    for (int at = 0; at < envelope.length; at += WireCodec.MAX_FRAGMENT) {
      out.add(
          Arrays.copyOfRange(envelope, at, Math.min(envelope.length, at + WireCodec.MAX_FRAGMENT)));
    }
    return out;
  }

  private static DeliveryException failureOf(InetSocketAddress node, Msg reply) {
    StatusCode code = reply instanceof Msg.Status s ? StatusCode.of(s.code()) : StatusCode.UNKNOWN;
    Reason reason =
        switch (code) {
          case NOT_ATTACHED -> Reason.PEER_UNREACHABLE;
          case PEER_TIMEOUT -> Reason.PEER_TIMEOUT;
          default -> Reason.REFUSED;
        };
    return new DeliveryException(reason, "node " + node + " answered " + code);
  }

  private static DeliveryException unreachable(LocationRecord record) {
    return new DeliveryException(
        Reason.PEER_UNREACHABLE,
        "none of the peer's " + record.nodes().size() + " nodes reached it");
  }

  private static InetSocketAddress resolve(NodeAddress node) {
    if (!IP_LITERAL.matcher(node.host()).matches()) {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(node.host()), node.port());
    } catch (UnknownHostException e) {
      return null;
    }
  }

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
    EnvelopeCodec.Envelope envelope;
    try {
      envelope = envelopes.decode(whole);
    } catch (WireException e) {
      malformed++;
      return;
    }
    SealedMessage.Opened opened = envelope.sealed().open(identity, envelope.sender());
    if (opened instanceof SealedMessage.Opened.Payload p) {
      reassembly.markDelivered(d.messageId());
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
