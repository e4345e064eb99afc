package io.peervoice.signaling.call;

import io.peervoice.signaling.PeerId;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * End-to-end media keys for one call: each side makes an ephemeral X25519 key pair for the call
 * alone and sends its public share in the invite or answer (sealed and signed by its identity key).
 * Both then derive, with HKDF-SHA256 (RFC 5869) salted with the call id and bound to a hash of the
 * whole transcript (both peer ids, both shares, offer, answer, chosen profile), one SRTP master key
 * and salt per direction. A rendezvous node sees neither share in the clear and could not use them
 * if it did: it has neither private key.
 */
public final class CallKeys {
  private static final byte[] INFO = "peervoice-srtp-v1".getBytes(StandardCharsets.US_ASCII);

  private final KeyPair pair;
  private final byte[] share;

  private CallKeys(KeyPair pair) {
    this.pair = pair;
    this.share = encode((XECPublicKey) pair.getPublic());
  }

  /** A fresh ephemeral key pair for one call. */
  public static CallKeys generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
      g.initialize(NamedParameterSpec.X25519, random);
      return new CallKeys(g.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no X25519", e);
    }
  }

  /** A key for {@link #isWeakShare} alone: checking needs a scalar, never one used for a call. */
  private static final class Probe {
    static final CallKeys KEYS = generate(new SecureRandom());
  }

  /**
   * Whether {@code share} is unusable as the peer's X25519 share: not 32 bytes, or a point of small
   * order (0, 1, the points of order 8, p-1, and their non-canonical encodings), found by doing the
   * X25519 at once and checking for the all-zero secret that RFC 7748 <a
   * href="https://www.rfc-editor.org/rfc/rfc7748#section-6.1">§6.1</a> says to reject. Costs one
   * X25519 (a fraction of a millisecond); lets a phone refuse such an invite when it arrives rather
   * than only when the user answers.
   */
  public static boolean isWeakShare(byte[] share) {
    if (share == null || share.length != 32) {
      return true;
    }
    try {
      return Probe.KEYS.sharedSecret(share) == null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return true;
    }
  }

  /** The X25519 secret with {@code theirShare}, or null if it is all zero. */
  private byte[] sharedSecret(byte[] theirShare) throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("X25519");
    agreement.init(pair.getPrivate());
    agreement.doPhase(decode(theirShare), true);
    byte[] secret = agreement.generateSecret();
    return Arrays.equals(secret, new byte[secret.length]) ? null : secret;
  }

  /** Our public share (32 bytes, RFC 7748 encoding). */
  public byte[] share() {
    return share.clone();
  }

  /** The two directions' SRTP master key followed by master salt. */
  public record MediaKeys(byte[] callerToCallee, byte[] calleeToCaller) {}

  /**
   * Derives both directions' key material.
   *
   * @param theirShare the other side's 32-byte share
   * @param keyAndSaltLength master key plus salt length of the chosen SRTP profile
   * @throws IllegalArgumentException if the share is malformed or low-order (all-zero secret)
   */
  public MediaKeys derive(
      byte[] theirShare,
      CallId callId,
      PeerId caller,
      PeerId callee,
      byte[] callerShare,
      byte[] calleeShare,
      byte[] offer,
      byte[] answer,
      String profile,
      int keyAndSaltLength) {
    if (theirShare.length != 32) {
      throw new IllegalArgumentException("an X25519 share is 32 bytes");
    }
    byte[] secret;
    try {
      secret = sharedSecret(theirShare);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("bad X25519 share: " + e.getMessage(), e);
    }
    if (secret == null) {
      throw new IllegalArgumentException("low-order X25519 share");
    }
    byte[] transcript =
        transcript(caller, callee, callerShare, calleeShare, offer, answer, profile);
    byte[] info = new byte[INFO.length + transcript.length];
    System.arraycopy(INFO, 0, info, 0, INFO.length);
    System.arraycopy(transcript, 0, info, INFO.length, transcript.length);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(secret, callId.bytes(), info));
    byte[] okm = new byte[2 * keyAndSaltLength];
    hkdf.generateBytes(okm, 0, okm.length);
    return new MediaKeys(
        Arrays.copyOfRange(okm, 0, keyAndSaltLength),
        Arrays.copyOfRange(okm, keyAndSaltLength, okm.length));
  }

  private static byte[] transcript(
      PeerId caller,
      PeerId callee,
      byte[] callerShare,
      byte[] calleeShare,
      byte[] offer,
      byte[] answer,
      String profile) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] part :
          new byte[][] {
            caller.bytes(),
            callee.bytes(),
            callerShare,
            calleeShare,
            offer,
            answer,
            profile.getBytes(StandardCharsets.US_ASCII)
          }) {
        all.write(part.length >>> 8);
        all.write(part.length);
        all.writeBytes(part);
      }
      return sha.digest(all.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encode(XECPublicKey key) {
    byte[] le = new byte[32];
    byte[] be = key.getU().toByteArray();
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  private static java.security.PublicKey decode(byte[] share) throws GeneralSecurityException {
    byte[] be = new byte[33];
    for (int i = 0; i < 32; i++) {
      be[32 - i] = share[i];
    }
    be[1] &= 0x7F;
    return KeyFactory.getInstance("X25519")
        .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(be)));
  }
}
