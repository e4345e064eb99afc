package io.peervoice.signaling;

import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallKeys;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallMessages;
import io.peervoice.signaling.call.CallProtocolException;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The call-signalling path of one call, run on dummy data: what a fresh process's first dial (and
 * first incoming invite) would otherwise run cold, interpreted and loading classes, between the
 * dial and the ringing. A lookup's reply (a location record decoded and its signature checked), an
 * invite and a ringing reply (encoded, sealed with X25519 and ChaCha20-Poly1305, signed with
 * Ed25519, wrapped in the overlay's envelope and wire message, then unwrapped, checked, opened and
 * decoded), both ways between {@code me} and a throwaway identity. Nothing is sent.
 */
public final class SignalingWarmUp {
  private SignalingWarmUp() {}

  /**
   * Runs the path {@code rounds} times (a few rounds bring the hottest methods to the JIT's first
   * tier; more only compete with a call that overlaps the warm-up).
   *
   * @param me the phone's identity, so its own keys' code paths and caches are the ones warmed
   * @param description a media description as a call carries it (a real one is best: its size and
   *     shape are the real ones)
   * @param profiles SRTP profile names as an invite lists them
   * @return how many messages went through the whole path (2 per round), for tests
   * @throws IllegalStateException if a message did not survive the round trip (a bug, not a
   *     condition of this machine)
   */
  public static int run(
      Identity me, byte[] description, List<String> profiles, SecureRandom random, int rounds) {
    if (rounds < 0) {
      throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
    }
    Identity peer = Identity.generate(random);
    WireCodec wire = new WireCodec();
    EnvelopeCodec envelopes = new EnvelopeCodec();
    RecordCodec records = new RecordCodec();
    int through = 0;
    for (int i = 0; i < rounds; i++) {
      Instant now = Instant.now();
      LocationRecord record =
          LocationRecord.sign(
              peer,
              List.of(new NodeAddress(me.peerId(), "127.0.0.1", 7400)),
              i + 1,
              now.plusSeconds(600));
      Msg reply = roundTrip(wire, new Msg.RecordReply(i, records.encode(record), List.of()));
      try {
        LocationRecord found = records.decode(((Msg.RecordReply) reply).record());
        if (found.check(peer.peerId(), now, Duration.ofDays(1), -1) != RecordCheck.VALID) {
          throw new IllegalStateException("warm-up: the record did not check");
        }
      } catch (WireException e) {
        throw new IllegalStateException("warm-up: the record did not decode", e);
      }
      CallId id = CallId.random(random);
      CallMessage invite =
          new CallMessage.Invite(
              id,
              0,
              peer.peerId().bytes(),
              now.toEpochMilli(),
              CallKeys.generate(random).share(),
              profiles,
              description);
      through += carry(me, peer, invite, wire, envelopes, random);
      through +=
          carry(peer, me, new CallMessage.Ringing(id, 0, description), wire, envelopes, random);
    }
    return through;
  }

  /**
   * A client's TLS stream to a node and the attach's Ed25519, in memory: one whole TLS handshake
   * with the node-pinning client context against a throwaway node certificate, what a client whose
   * network drops UDP would otherwise run cold at its first dial (nothing is sent). For the class
   * data sharing training run, so that the archive holds the JDK's TLS classes; clients do this on
   * their own when UDP stays silent.
   *
   * @return the TLS protocol agreed, or null if the handshake failed (logged)
   */
  public static String streams() {
    return io.peervoice.signaling.internal.overlay.StreamWarmUp.run();
  }

  /** One message from {@code from} to {@code to} the way the overlay carries it. */
  private static int carry(
      Identity from,
      Identity to,
      CallMessage message,
      WireCodec wire,
      EnvelopeCodec envelopes,
      SecureRandom random) {
    byte[] payload = CallMessages.encode(message);
    SealedMessage sealed = SealedMessage.seal(from, to.publicIdentity(), payload, random);
    byte[] envelope = envelopes.encode(from.publicIdentity(), sealed);
    Msg delivered = roundTrip(wire, new Msg.Deliver(1, 1, 0, 1, envelope));
    try {
      EnvelopeCodec.Envelope e = envelopes.decode(((Msg.Deliver) delivered).payload());
      if (!(e.sealed().open(to, e.sender()) instanceof SealedMessage.Opened.Payload opened)) {
        throw new IllegalStateException("warm-up: a sealed message did not open");
      }
      CallMessage back = CallMessages.decode(opened.bytes());
      if (back.getClass() != message.getClass()) {
        throw new IllegalStateException("warm-up: a call message changed on the way");
      }
      return 1;
    } catch (WireException | CallProtocolException e) {
      throw new IllegalStateException("warm-up: a message did not decode", e);
    }
  }

  private static Msg roundTrip(WireCodec wire, Msg msg) {
    try {
      return wire.decode(wire.encode(msg));
    } catch (WireException e) {
      throw new IllegalStateException("warm-up: a wire message did not decode", e);
    }
  }
}
