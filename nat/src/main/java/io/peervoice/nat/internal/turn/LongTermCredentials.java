package io.peervoice.nat.internal.turn;

import io.peervoice.nat.internal.stun.MessageIntegrity;
import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * The long-term credential mechanism's state (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-9.2">§9.2</a>) of one TURN client: the user
 * name and password, and the realm and nonce the server gave in its 401 (or a 438's new nonce). The
 * key is MD5(username ":" realm ":" password) (§9.2.2; the password is used as given, without
 * OpaqueString preparation, which leaves ASCII passwords unchanged). Not thread-safe: the client
 * confines it.
 */
final class LongTermCredentials {
  /** NONCE and REALM are at most 763 bytes (RFC 8489 §14.9, §14.10). */
  static final int MAX_REALM_OR_NONCE = 763;

  private final String username;
  private final String password;
  private byte[] realm;
  private byte[] nonce;
  private MessageIntegrity integrity;

  LongTermCredentials(String username, String password) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
  }

  /** Whether a realm and nonce have been learned (requests can be authenticated). */
  boolean ready() {
    return integrity != null;
  }

  /**
   * Takes the REALM and NONCE of a 401, or the NONCE (and REALM) of a 438.
   *
   * @return false if the values are missing or too long (the challenge is unusable)
   */
  boolean challenge(StunAttribute realmAttribute, StunAttribute nonceAttribute) {
    if (nonceAttribute == null || nonceAttribute.value().length > MAX_REALM_OR_NONCE) {
      return false;
    }
    byte[] newRealm = realmAttribute == null ? realm : realmAttribute.value();
    if (newRealm == null || newRealm.length > MAX_REALM_OR_NONCE) {
      return false;
    }
    nonce = nonceAttribute.value().clone();
    if (realm == null || !java.util.Arrays.equals(realm, newRealm)) {
      realm = newRealm.clone();
      integrity =
          new MessageIntegrity(key(username, new String(realm, StandardCharsets.UTF_8), password));
    }
    return true;
  }

  /** USERNAME, REALM and NONCE, to precede MESSAGE-INTEGRITY in a request (§9.2.4). */
  List<StunAttribute> attributes() {
    return List.of(
        StunAttributes.username(username.getBytes(StandardCharsets.UTF_8)),
        new StunAttribute(StunAttributes.REALM, realm.clone()),
        new StunAttribute(StunAttributes.NONCE, nonce.clone()));
  }

  /** The HMAC for this realm's key; null until a challenge was taken. */
  MessageIntegrity integrity() {
    return integrity;
  }

  /** MD5(username ":" realm ":" password) (RFC 8489 §9.2.2). */
  static byte[] key(String username, String realm, String password) {
    try {
      return MessageDigest.getInstance("MD5")
          .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
