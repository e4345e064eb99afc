package io.peervoice.nat.internal.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The STUN of a port-prediction probe (issue #15, docs/nat-traversal.md): ICE connectivity checks
 * (RFC 8445 <a href="https://www.rfc-editor.org/rfc/rfc8445#section-7.2.2">§7.2.2</a>) with the
 * call's short-term credentials, marked with the comprehension-optional attribute {@link #PROBE} so
 * that the probe, not the ICE agent sharing the port, takes them. Nothing is believed unless it
 * authenticates: a request must carry the mark, USERNAME {@code localUfrag:remoteUfrag}, a
 * MESSAGE-INTEGRITY that verifies with our password and a FINGERPRINT; a response must answer one
 * of our outstanding requests, come from the address that request went to, and verify with the
 * peer's password. Outstanding requests are bounded (the oldest is forgotten). Thread-safe: a
 * probe's own loop sends and reads its sockets while the call's ICE port hands it what it takes.
 */
public final class ProbeStun {
  /** Private comprehension-optional attribute (RFC 8489 §18.3) marking a probe's checks. */
  public static final int PROBE = 0xC0F7;

  /** What a datagram is to the probe. */
  public enum Kind {
    /** Not a probe's message: leave it to whoever else reads the port (the ICE agent). */
    NOT_OURS,
    /** Marked or answering us, but failed authentication or form: drop it, answer nothing. */
    DROPPED,
    /** An authenticated probe request without USE-CANDIDATE: answer it. */
    REQUEST,
    /** An authenticated probe request with USE-CANDIDATE: answer it and use the path. */
    NOMINATION,
    /** An authenticated success response to one of our requests. */
    RESPONSE
  }

  /**
   * @param kind what it is
   * @param transactionId its transaction id
   * @param mapped for a response, the XOR-MAPPED-ADDRESS (our address as the peer saw it), else
   *     null
   * @param nomination for a response, whether it answers a nomination
   */
  public record Verdict(
      Kind kind, byte[] transactionId, InetSocketAddress mapped, boolean nomination) {
    static final Verdict NOT_OURS = new Verdict(Kind.NOT_OURS, null, null, false);
    static final Verdict DROPPED = new Verdict(Kind.DROPPED, null, null, false);
  }

  private record Sent(InetSocketAddress to, boolean nomination) {}

  private final IceCredentials credentials;
  private final MessageIntegrity remoteIntegrity;
  private final MessageIntegrity localIntegrity;
  private final RandomGenerator random;
  private final Map<ByteBuffer, Sent> outstanding;

  /**
   * @param capacity how many requests may await a response at once (older ones are forgotten)
   */
  public ProbeStun(IceCredentials credentials, RandomGenerator random, int capacity) {
    this.credentials = credentials;
    this.remoteIntegrity = new MessageIntegrity(credentials.remoteKey());
    this.localIntegrity = new MessageIntegrity(credentials.localKey());
    this.random = random;
    this.outstanding =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Sent> eldest) {
            return size() > capacity;
          }
        };
  }

  /** A marked Binding request to {@code to}, remembered as outstanding. */
  public synchronized byte[] request(InetSocketAddress to, boolean nominate) {
    byte[] tid = new byte[12];
    random.nextBytes(tid);
    List<StunAttribute> attributes =
        nominate
            ? List.of(
                StunAttributes.username(credentials.outgoingUsername()),
                StunAttributes.flag(PROBE),
                StunAttributes.flag(StunAttributes.USE_CANDIDATE))
            : List.of(
                StunAttributes.username(credentials.outgoingUsername()),
                StunAttributes.flag(PROBE));
    outstanding.put(ByteBuffer.wrap(tid), new Sent(plain(to), nominate));
    return StunCodec.encode(
        StunMessage.of(StunMessage.BINDING, StunClass.REQUEST, tid, attributes),
        remoteIntegrity,
        true);
  }

  /** The success response to an authenticated request from {@code from}. */
  public synchronized byte[] response(byte[] transactionId, InetSocketAddress from) {
    return StunCodec.encode(
        StunMessage.of(
            StunMessage.BINDING,
            StunClass.SUCCESS_RESPONSE,
            transactionId,
            List.of(
                StunAttributes.xorAddress(
                    StunAttributes.XOR_MAPPED_ADDRESS, plain(from), transactionId))),
        localIntegrity,
        true);
  }

  /** Classifies one datagram from {@code from}; never throws for hostile bytes. */
  public synchronized Verdict classify(
      byte[] data, int offset, int length, InetSocketAddress from) {
    if (!StunCodec.isStun(data, offset, length)) {
      return Verdict.NOT_OURS;
    }
    DecodedStun decoded;
    try {
      decoded = StunCodec.decode(data, offset, length, StunAttributes.ICE_UNDERSTOOD);
    } catch (StunFormatException e) {
      return Verdict.NOT_OURS; // the agent drops it as well
    }
    StunMessage m = decoded.message();
    if (m.method() != StunMessage.BINDING) {
      return Verdict.NOT_OURS;
    }
    return switch (m.messageClass()) {
      case REQUEST -> request(decoded, data, offset);
      case SUCCESS_RESPONSE, ERROR_RESPONSE -> response(decoded, data, offset, from);
      default -> Verdict.NOT_OURS;
    };
  }

  private Verdict request(DecodedStun decoded, byte[] data, int offset) {
    StunMessage m = decoded.message();
    if (!m.has(PROBE)) {
      return Verdict.NOT_OURS;
    }
    StunAttribute username = m.first(StunAttributes.USERNAME);
    if (!decoded.fingerprint()
        || username == null
        || !Arrays.equals(username.value(), credentials.incomingUsername())
        || !decoded.hasIntegrity()
        || !localIntegrity.verify(data, offset, decoded)) {
      return Verdict.DROPPED;
    }
    Kind kind = m.has(StunAttributes.USE_CANDIDATE) ? Kind.NOMINATION : Kind.REQUEST;
    return new Verdict(kind, m.transactionId(), null, false);
  }

  private Verdict response(DecodedStun decoded, byte[] data, int offset, InetSocketAddress from) {
    StunMessage m = decoded.message();
    ByteBuffer key = ByteBuffer.wrap(m.transactionId());
    Sent sent = outstanding.get(key);
    if (sent == null) {
      return Verdict.NOT_OURS; // perhaps the agent's
    }
    if (!sent.to().equals(plain(from))
        || m.messageClass() != StunClass.SUCCESS_RESPONSE
        || !decoded.hasIntegrity()
        || !remoteIntegrity.verify(data, offset, decoded)) {
      return Verdict.DROPPED;
    }
    outstanding.remove(key);
    InetSocketAddress mapped = null;
    StunAttribute xor = m.first(StunAttributes.XOR_MAPPED_ADDRESS);
    if (xor != null) {
      try {
        mapped = StunAttributes.readXorAddress(xor, m.transactionId());
      } catch (StunFormatException e) {
        return Verdict.DROPPED;
      }
    }
    return new Verdict(Kind.RESPONSE, m.transactionId(), mapped, sent.nomination());
  }

  /** Requests awaiting a response (at most the capacity). */
  public synchronized int outstanding() {
    return outstanding.size();
  }

  private static InetSocketAddress plain(InetSocketAddress a) {
    return new InetSocketAddress(a.getAddress(), a.getPort());
  }
}
