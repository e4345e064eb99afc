package io.peervoice.nat.internal.stun;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-14.5">§14.5</a>): HMAC-SHA1 over the message
 * up to the attribute, with the header's length field counting up to the attribute's end. The key
 * is the short-term password (§9.1.1; ICE passwords need no SASLprep) or, for TURN's long-term
 * credentials, MD5(username:realm:password) (§9.2.2). One instance holds one key and a {@link Mac}:
 * confine it to one thread.
 */
public final class MessageIntegrity {
  /** Bytes of the attribute on the wire: header and the 20-byte HMAC. */
  public static final int ENCODED_LENGTH = 24;

  private final Mac mac;
  private final byte[] patchedLength = new byte[2];

  /** An HMAC-SHA1 with {@code key}. */
  public MessageIntegrity(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA1");
      // an empty key is legal for HMAC but not for SecretKeySpec: pad it as HMAC would
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA1", e);
    }
  }

  /**
   * Writes the attribute at {@code message[offset + at]}, over the bytes before it. The header's
   * length field must already count up to the attribute's end.
   */
  void sign(byte[] message, int offset, int at) {
    mac.update(message, offset, at);
    byte[] hmac = mac.doFinal();
    message[offset + at] = (byte) (StunAttributes.MESSAGE_INTEGRITY >>> 8);
    message[offset + at + 1] = (byte) StunAttributes.MESSAGE_INTEGRITY;
    message[offset + at + 2] = 0;
    message[offset + at + 3] = 20;
    System.arraycopy(hmac, 0, message, offset + at + 4, 20);
  }

  /**
   * Whether the MESSAGE-INTEGRITY at {@code offset + decoded.integrityOffset()} is right for this
   * key, whatever follows it (its length field is taken as ending at the attribute). Compares in
   * constant time. False if the message has none.
   */
  public boolean verify(byte[] data, int offset, DecodedStun decoded) {
    int at = decoded.integrityOffset();
    if (at < 20) {
      return false;
    }
    int length = at - 20 + ENCODED_LENGTH;
    patchedLength[0] = (byte) (length >>> 8);
    patchedLength[1] = (byte) length;
    mac.update(data, offset, 2);
    mac.update(patchedLength, 0, 2);
    mac.update(data, offset + 4, at - 4);
    byte[] expected = mac.doFinal();
    int diff = 0;
    for (int i = 0; i < 20; i++) {
      diff |= expected[i] ^ data[offset + at + 4 + i];
    }
    return diff == 0;
  }
}
