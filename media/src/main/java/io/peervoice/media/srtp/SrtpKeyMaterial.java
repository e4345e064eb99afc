package io.peervoice.media.srtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A master key and salt for one direction of one SRTP session (RFC 3711 <a
 * href="https://www.rfc-editor.org/rfc/rfc3711#section-3.2.1">§3.2.1</a>). Each direction of a call
 * uses its own freshly generated material; it never leaves the two endpoints.
 */
public record SrtpKeyMaterial(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {

  public SrtpKeyMaterial {
    Objects.requireNonNull(profile, "profile");
    if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
      throw new IllegalArgumentException(
          "%s needs a %d-byte key and %d-byte salt, got %d and %d"
              .formatted(
                  profile,
                  profile.keyLength(),
                  profile.saltLength(),
                  masterKey.length,
                  masterSalt.length));
    }
    masterKey = masterKey.clone();
    masterSalt = masterSalt.clone();
  }

  /** Fresh random key material from {@code random}. */
  public static SrtpKeyMaterial random(SrtpProfile profile, SecureRandom random) {
    byte[] key = new byte[profile.keyLength()];
    byte[] salt = new byte[profile.saltLength()];
    random.nextBytes(key);
    random.nextBytes(salt);
    return new SrtpKeyMaterial(profile, key, salt);
  }

  /**
   * Decodes the inline form {@code base64(key || salt)} of RFC 4568 §6.1 for {@code profile}.
   *
   * @throws IllegalArgumentException if the text is not base64 or has the wrong length
   */
  public static SrtpKeyMaterial fromInline(SrtpProfile profile, String inline) {
    byte[] both = Base64.getDecoder().decode(inline);
    if (both.length != profile.keyLength() + profile.saltLength()) {
      throw new IllegalArgumentException(
          "inline key for %s must decode to %d bytes, got %d"
              .formatted(profile, profile.keyLength() + profile.saltLength(), both.length));
    }
    return new SrtpKeyMaterial(
        profile,
        Arrays.copyOfRange(both, 0, profile.keyLength()),
        Arrays.copyOfRange(both, profile.keyLength(), both.length));
  }

  /** The inline form {@code base64(key || salt)} (RFC 4568 §6.1). */
  public String toInline() {
    byte[] both = new byte[masterKey.length + masterSalt.length];
    System.arraycopy(masterKey, 0, both, 0, masterKey.length);
    System.arraycopy(masterSalt, 0, both, masterKey.length, masterSalt.length);
    return Base64.getEncoder().encodeToString(both);
  }

  @Override
  public byte[] masterKey() {
    return masterKey.clone();
  }

  @Override
  public byte[] masterSalt() {
    return masterSalt.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrtpKeyMaterial k
        && k.profile == profile
        && Arrays.equals(k.masterKey, masterKey)
        && Arrays.equals(k.masterSalt, masterSalt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(profile, Arrays.hashCode(masterKey), Arrays.hashCode(masterSalt));
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "SrtpKeyMaterial[" + profile + ", <redacted>]";
  }
}
