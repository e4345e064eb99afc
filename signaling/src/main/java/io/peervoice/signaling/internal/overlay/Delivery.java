package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.DeliveryException.Reason;
import io.peervoice.signaling.DeliveryTiming;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.SealedMessage;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One message's delivery for {@link Messenger}: rounds of lookup (shared with the other deliveries
 * to the peer, {@link PeerLookups}) and routing (sealed once, split into fragments, through nodes
 * that proved the ids the peer's record lists) until delivered or out of time. Single-threaded on
 * the client's {@link Env}.
 */
final class Delivery {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

  /** What every delivery of one messenger uses; {@code closed} tells whether it was closed. */
  record Context(
      Identity identity,
      ClientCore client,
      PeerLookups lookups,
      PacedWork paced,
      Env env,
      EnvelopeCodec envelopes,
      AddressProofs proofs,
      SecureRandom random,
      ClientSettings settings,
      BooleanSupplier closed) {}

  private final Identity identity;
  private final ClientCore client;
  private final PeerLookups lookups;
  private final PacedWork paced;
  private final Env env;
  private final EnvelopeCodec envelopes;
  private final AddressProofs proofs;
  private final SecureRandom random;
  private final ClientSettings settings;
  private final BooleanSupplier closed;
  private final PeerId peer;
  private final byte[] payload;
  private final long messageId;
  private final long deadline;
  private final Consumer<DeliveryException> done;
  private final Consumer<DeliveryTiming> timed;
  private final long startMillis;
  private long recordFoundMillis = -1;
  private List<byte[]> fragments;
  private long triedSequence = -1;
  private long lastAttemptEnd;
  private DeliveryException last;
  private boolean finished;
  private LocationRecord newer; // S20: a reused round's fresh record that came before sealing
  private int attempts; // under way: two at once when a reused record and a newer one are tried

  Delivery(
      Context context,
      PeerId peer,
      byte[] payload,
      long messageId,
      long deadline,
      Consumer<DeliveryException> done) {
    this(context, peer, payload, messageId, deadline, done, t -> {});
  }

  /** As above; {@code timed} gets where the time went, just before {@code done} gets success. */
  Delivery(
      Context context,
      PeerId peer,
      byte[] payload,
      long messageId,
      long deadline,
      Consumer<DeliveryException> done,
      Consumer<DeliveryTiming> timed) {
    this.identity = context.identity();
    this.client = context.client();
    this.lookups = context.lookups();
    this.paced = context.paced();
    this.env = context.env();
    this.envelopes = context.envelopes();
    this.proofs = context.proofs();
    this.random = context.random();
    this.settings = context.settings();
    this.closed = context.closed();
    this.peer = peer;
    this.payload = payload;
    this.messageId = messageId;
    this.deadline = deadline;
    this.done = done;
    this.timed = timed;
    this.startMillis = env.nowMillis();
  }

  void round() {
    if (finished) {
      return; // an attempt on a reused record and one on the fresh record both ran
    }
    if (fragments == null && recordFoundMillis < 0 && reuseRecent()) {
      return;
    }
    lookups.lookup(
        peer,
        record -> {
          if (finished || attempts > 0) {
            return; // an attempt still under way books the next round when it fails
          }
          if (record != null && recordFoundMillis < 0) {
            recordFoundMillis = env.nowMillis();
          }
          if (record == null) {
            last = new DeliveryException(Reason.PEER_NOT_FOUND, "no valid location record");
            retryOrFail();
          } else if (fragments == null) {
            sealThenAttempt(record);
          } else if (record.sequence() > triedSequence
              || env.nowMillis() - lastAttemptEnd >= 1_000) {
            attempt(record);
          } else {
            retryOrFail();
          }
        });
  }

  /**
   * S20: the first round goes at once to the nodes of the peer's record that a lookup answered less
   * than {@link PeerLookups#REUSE_MILLIS} ago (the RINGING's lookup, for a callee's ANSWER),
   * instead of waiting for a lookup of its own; that lookup still runs beside it, and a newer
   * record it finds (the peer moved to other nodes) is tried at once, so a message to a peer that
   * moved is no later than before. Returns false if no record was recent enough.
   */
  private boolean reuseRecent() {
    LocationRecord known = lookups.recent(peer);
    if (known == null) {
      return false;
    }
    recordFoundMillis = env.nowMillis();
    sealThenAttempt(known);
    lookups.lookup(
        peer,
        fresh -> {
          if (fresh == null || finished) {
            return;
          }
          if (fragments == null) {
            newer = fresh; // answered before the sealing: tried right after it
          } else if (fresh.sequence() > triedSequence) {
            attempt(fresh);
          }
        });
    return true;
  }

  private void retryOrFail() {
    if (closed.getAsBoolean()) {
      finish(new DeliveryException(Reason.CLOSED, "the client was closed"));
    } else if (env.nowMillis() + Messenger.RETRY_MILLIS >= deadline) {
      finish(last);
    } else {
      env.schedule(Messenger.RETRY_MILLIS, this::round);
    }
  }

  private void finish(DeliveryException failure) {
    if (!finished) {
      finished = true;
      if (failure == null) {
        long now = env.nowMillis();
        timed.accept(
            new DeliveryTiming(
                Math.max(0, recordFoundMillis - startMillis),
                Math.max(0, now - recordFoundMillis)));
      }
      done.accept(failure);
    }
  }

  /**
   * Seals the message (once: every record of the peer names the same keys) as paced work, since a
   * burst of deliveries sealing at once would hold up the datagrams read meanwhile; then attempts.
   */
  private void sealThenAttempt(LocationRecord record) {
    boolean queued =
        paced.add(
            () -> {
              if (finished) {
                return;
              }
              SealedMessage sealed =
                  SealedMessage.seal(identity, record.identity(), payload, random);
              fragments = split(envelopes.encode(identity.publicIdentity(), sealed));
              attempt(record);
              if (newer != null && newer.sequence() > record.sequence() && !finished) {
                attempt(newer);
              }
            });
    if (!queued) {
      finish(
          new DeliveryException(
              Reason.REFUSED, "too many messages wait to be sealed or opened; try again"));
    }
  }

  private void attempt(LocationRecord record) {
    triedSequence = record.sequence();
    List<InetSocketAddress> nodes = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < record.nodes().size(); i++) {
      InetSocketAddress address = resolve(record.nodes().get(i));
      if (address != null) {
        client.nodeListed(record.nodes().get(i), address);
        nodes.add(address);
        indexes.add(i);
      }
    }
    if (nodes.isEmpty()) {
      last = DeliveryFailures.unreachable(record);
      lastAttemptEnd = env.nowMillis();
      if (attempts == 0) {
        retryOrFail();
      }
      return;
    }
    attempts++;
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
                if (--attempts == 0) {
                  retryOrFail(); // the next round once no attempt is left under way
                }
              }
            }
          });
    }
  }

  /** Routes only through a node that proved, at that address, the id the record lists. */
  private void sendToProven(
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

  private void sendFragments(
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
            if (!OverlayRequests.ok(reply)) {
              failure[0] = DeliveryFailures.of(node, reply);
            }
            if (--left[0] == 0) {
              nodeDone.accept(failure[0]);
            }
          },
          requestFailure -> {
            failure[0] = DeliveryFailures.of(node, requestFailure);
            if (--left[0] == 0) {
              nodeDone.accept(failure[0]);
            }
          });
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
}
