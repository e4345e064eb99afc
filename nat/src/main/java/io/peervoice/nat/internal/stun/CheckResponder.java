package io.peervoice.nat.internal.stun;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Answers a controlling peer's connectivity check on our controlled side (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-7.3">§7.3</a>): a Binding request with
 * USERNAME {@code localUfrag:remoteUfrag}, a MESSAGE-INTEGRITY that verifies with our password, a
 * FINGERPRINT (§7.2.2) and ICE-CONTROLLING (without ICE-CONTROLLED) gets a Binding success response
 * with XOR-MAPPED-ADDRESS (the request's source), MESSAGE-INTEGRITY (our password) and FINGERPRINT,
 * as §7.3.1.4 asks whatever our own check list says of the pair. A request that says ICE-CONTROLLED
 * (a role conflict, §7.3.1.1) or does not authenticate gets nothing from here; nothing is kept of
 * any request. Thread-safe (the HMAC is confined by a lock).
 */
public final class CheckResponder {
  private static final int TRANSACTION_ID = 12;

  private final MessageIntegrity integrity;
  private final byte[] expectedUsername;

  /** Answers requests to us: {@code localUfrag:remoteUfrag}, signed with our password. */
  public CheckResponder(IceCredentials credentials) {
    this.integrity = new MessageIntegrity(credentials.localKey());
    this.expectedUsername = credentials.incomingUsername();
  }

  /**
   * The encoded success response to the check in {@code data[offset, offset + length)} from {@code
   * from}, or null if it is not a check this answers (see the class comment). Only the 20-byte
   * header is read of a datagram that is not a Binding request.
   */
  public byte[] answer(byte[] data, int offset, int length, InetSocketAddress from) {
    DecodedStun decoded = IncomingChecks.read(data, offset, length, expectedUsername);
    if (decoded == null
        || !decoded.message().has(StunAttributes.ICE_CONTROLLING)
        || decoded.message().has(StunAttributes.ICE_CONTROLLED)) {
      return null;
    }
    synchronized (integrity) {
      return integrity.verify(data, offset, decoded)
          ? success(decoded.message().transactionId(), from, integrity)
          : null;
    }
  }

  /**
   * A Binding success response to transaction {@code tid}: XOR-MAPPED-ADDRESS {@code from},
   * MESSAGE-INTEGRITY with {@code integrity}, FINGERPRINT (64 bytes for IPv4, 76 for IPv6).
   */
  static byte[] success(byte[] tid, InetSocketAddress from, MessageIntegrity integrity) {
    StunMessage success =
        StunMessage.of(
            StunMessage.BINDING,
            StunClass.SUCCESS_RESPONSE,
            tid,
            List.of(StunAttributes.xorAddress(StunAttributes.XOR_MAPPED_ADDRESS, from, tid)));
    return StunCodec.encode(success, integrity, true);
  }

  /**
   * The transaction ID of the Binding response (success or error) in {@code data[offset, offset +
   * length)}, or null if it is not one. Reads the 20-byte header only.
   */
  public static byte[] responseTransaction(byte[] data, int offset, int length) {
    int type = StunCodec.typeOf(data, offset, length);
    if (type != StunMessage.type(StunMessage.BINDING, StunClass.SUCCESS_RESPONSE)
        && type != StunMessage.type(StunMessage.BINDING, StunClass.ERROR_RESPONSE)) {
      return null;
    }
    int from = offset + 8;
    return Arrays.copyOfRange(data, from, from + TRANSACTION_ID);
  }
}
