package io.peervoice.signaling;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A signaling payload sealed end to end: encrypted for the recipient with ChaCha20-Poly1305 (RFC
 * 8439) under a key from X25519 (RFC 7748) between the two peers' keys and HKDF-SHA256 (RFC 5869),
 * then signed by the sender's Ed25519 key over everything. A rendezvous node routing it sees the
 * two peer ids and the size, nothing else; it can check the signature before it keeps any state.
 *
 * @param sender who sealed it
 * @param recipient who can open it
 * @param nonce 12 random bytes
 * @param ciphertext the encrypted payload with its 16-byte tag
 * @param signature the sender's signature over all the above
 */
public record SealedMessage(
    PeerId sender, PeerId recipient, byte[] nonce, byte[] ciphertext, byte[] signature) {

  /** The largest payload that can be sealed; larger ones must be split by the caller. */
  public static final int MAX_PAYLOAD = 60 * 1024;

  private static final byte[] INFO = "peervoice-seal-v1".getBytes(StandardCharsets.US_ASCII);

  public SealedMessage {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    if (nonce.length != 12 || ciphertext.length < 16 || ciphertext.length > MAX_PAYLOAD + 16) {
      throw new IllegalArgumentException("malformed sealed message");
    }
    nonce = nonce.clone();
    ciphertext = ciphertext.clone();
    signature = signature.clone();
  }

  /** Why a sealed message could not be opened. */
  public enum Rejection {
    WRONG_RECIPIENT,
    BAD_SIGNATURE,
    DECRYPT_FAILED
  }

  /** The payload, or why there is none. */
  public sealed interface Opened {
    record Payload(byte[] bytes) implements Opened {}

    record Rejected(Rejection reason) implements Opened {}
  }

  /**
   * Seals {@code payload} from {@code from} to {@code to}.
   *
   * @throws IllegalArgumentException if the payload is over {@link #MAX_PAYLOAD} bytes
   */
  public static SealedMessage seal(
      Identity from, PublicIdentity to, byte[] payload, SecureRandom random) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload of " + payload.length + " bytes is over the " + MAX_PAYLOAD + "-byte limit");
    }
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    try {
      byte[] key = key(from, to, from.peerId(), to.peerId());
      Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      cipher.updateAAD(header(from.peerId(), to.peerId(), nonce));
      byte[] ciphertext = cipher.doFinal(payload);
      byte[] signature = from.sign(signed(from.peerId(), to.peerId(), nonce, ciphertext));
      return new SealedMessage(from.peerId(), to.peerId(), nonce, ciphertext, signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed in the JDK's crypto", e);
    }
  }

  /** Whether the sender really sent this, checkable by anyone (e.g. a node) who knows its key. */
  public boolean signedBy(PublicIdentity from) {
    return from.peerId().equals(sender)
        && from.verify(signed(sender, recipient, nonce, ciphertext), signature);
  }

  /** Checks the signature, then decrypts. Never throws for bad input. */
  public Opened open(Identity me, PublicIdentity from) {
    if (!me.peerId().equals(recipient)) {
      return new Opened.Rejected(Rejection.WRONG_RECIPIENT);
    }
    if (!signedBy(from)) {
      return new Opened.Rejected(Rejection.BAD_SIGNATURE);
    }
    try {
      byte[] key = key(me, from, sender, recipient);
      Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      cipher.updateAAD(header(sender, recipient, nonce));
      return new Opened.Payload(cipher.doFinal(ciphertext));
    } catch (GeneralSecurityException | RuntimeException e) {
      return new Opened.Rejected(Rejection.DECRYPT_FAILED);
    }
  }

  /** X25519 between our private and their public key, then HKDF bound to both peer ids. */
  private static byte[] key(Identity mine, PublicIdentity theirs, PeerId sender, PeerId recipient)
      throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("X25519");
    agreement.init(mine.agreementKey());
    agreement.doPhase(
        PublicIdentity.publicKey("X25519", PublicIdentity.X25519_SPKI, theirs.agreementKey()),
        true);
    byte[] shared = agreement.generateSecret();
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    byte[] salt =
        ByteBuffer.allocate(2 * PeerId.LENGTH).put(sender.bytes()).put(recipient.bytes()).array();
    hkdf.init(new HKDFParameters(shared, salt, INFO));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    return key;
  }

  private static byte[] header(PeerId sender, PeerId recipient, byte[] nonce) {
    return ByteBuffer.allocate(2 * PeerId.LENGTH + nonce.length)
        .put(sender.bytes())
        .put(recipient.bytes())
        .put(nonce)
        .array();
  }

  private static byte[] signed(PeerId sender, PeerId recipient, byte[] nonce, byte[] ciphertext) {
    byte[] header = header(sender, recipient, nonce);
    byte[] all = Arrays.copyOf(header, header.length + ciphertext.length);
    System.arraycopy(ciphertext, 0, all, header.length, ciphertext.length);
    return all;
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
