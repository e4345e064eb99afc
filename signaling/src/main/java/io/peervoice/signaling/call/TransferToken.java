package io.peervoice.signaling.call;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The token of an attended transfer ({@code docs/transfer.md}): the transferor's signature that the
 * call from {@code transferee} to {@code target} replaces consultation call {@code consultation},
 * valid until {@code expiresMillis}. The target never talked with the transferee, so the token
 * carries the transferor's Ed25519 key (RFC 8032); the target checks that the key is its
 * consultation call's peer, that it names the inviting peer and itself, and that it has not
 * expired. Fixed size ({@link #LENGTH} bytes): {@code [1, signingKey(32), transferee(20),
 * target(20), callId(16), expires(8), signature(64)]}; the signature covers a domain label and
 * everything before it.
 */
public record TransferToken(
    byte[] transferorKey,
    PeerId transferee,
    PeerId target,
    CallId consultation,
    long expiresMillis,
    byte[] signature) {

  /** Encoded size in bytes. */
  public static final int LENGTH = 1 + 32 + 20 + 20 + 16 + 8 + 64;

  /** The longest a token lives: long enough for one invite to cross the overlay. */
  public static final long MAX_LIFETIME_MILLIS = 30_000;

  private static final byte VERSION = 1;
  private static final byte[] DOMAIN =
      "peervoice transfer token 1".getBytes(StandardCharsets.US_ASCII);
  private static final int SIGNED = LENGTH - 64;

  public TransferToken {
    if (transferorKey.length != 32 || signature.length != 64) {
      throw new IllegalArgumentException("a token has a 32-byte key and a 64-byte signature");
    }
    transferorKey = transferorKey.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] transferorKey() {
    return transferorKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The transferor's PeerId, derived from its key. */
  public PeerId transferor() {
    return PeerId.of(transferorKey);
  }

  /**
   * Signs a token by {@code transferor}, valid for {@code lifetimeMillis} from {@code nowMillis}.
   */
  public static TransferToken sign(
      Identity transferor,
      PeerId transferee,
      PeerId target,
      CallId consultation,
      long nowMillis,
      long lifetimeMillis) {
    if (lifetimeMillis <= 0 || lifetimeMillis > MAX_LIFETIME_MILLIS) {
      throw new IllegalArgumentException("lifetime out of 1.." + MAX_LIFETIME_MILLIS + " ms");
    }
    byte[] key = transferor.publicIdentity().signingKey();
    long expires = nowMillis + lifetimeMillis;
    byte[] body = body(key, transferee, target, consultation, expires);
    return new TransferToken(
        key, transferee, target, consultation, expires, transferor.sign(signed(body)));
  }

  /** The wire form ({@link #LENGTH} bytes). */
  public byte[] encode() {
    return ByteBuffer.allocate(LENGTH)
        .put(body(transferorKey, transferee, target, consultation, expiresMillis))
        .put(signature)
        .array();
  }

  /**
   * Reads a token's fields; the signature is not checked here ({@link #verify}).
   *
   * @throws IllegalArgumentException for a wrong size or version
   */
  public static TransferToken decode(byte[] data) {
    if (data.length != LENGTH || data[0] != VERSION) {
      throw new IllegalArgumentException("not a version-1 transfer token of " + LENGTH + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    b.get();
    byte[] key = take(b, 32);
    PeerId transferee = new PeerId(take(b, 20));
    PeerId target = new PeerId(take(b, 20));
    CallId call = new CallId(b.getLong(), b.getLong());
    long expires = b.getLong();
    return new TransferToken(key, transferee, target, call, expires, take(b, 64));
  }

  /** Why a token does not let a call replace another; {@link #verify} gives null when it does. */
  public enum Problem {
    /** Not signed by the key it carries (tampered or forged). */
    BAD_SIGNATURE,
    /** Expired, or valid for longer than {@link #MAX_LIFETIME_MILLIS} (not issued by a phone). */
    EXPIRED,
    /** The signer is not the peer of the named consultation call (or there is no such call). */
    WRONG_TRANSFEROR,
    /** The inviting peer is not the transferee it names. */
    WRONG_TRANSFEREE,
    /** It names another target. */
    WRONG_TARGET
  }

  /**
   * Checks the token for an invite from {@code inviter} to {@code self}, where {@code
   * consultationPeer} is the peer of our call {@link #consultation()} (null if we hold none). Never
   * throws.
   */
  public Problem verify(PeerId inviter, PeerId self, PeerId consultationPeer, long nowMillis) {
    if (consultationPeer == null || !consultationPeer.equals(transferor())) {
      return Problem.WRONG_TRANSFEROR;
    }
    if (!inviter.equals(transferee)) {
      return Problem.WRONG_TRANSFEREE;
    }
    if (!self.equals(target)) {
      return Problem.WRONG_TARGET;
    }
    if (nowMillis > expiresMillis || expiresMillis - nowMillis > MAX_LIFETIME_MILLIS) {
      return Problem.EXPIRED;
    }
    byte[] body = body(transferorKey, transferee, target, consultation, expiresMillis);
    boolean signed =
        new PublicIdentity(transferorKey, new byte[32]).verify(signed(body), signature);
    return signed ? null : Problem.BAD_SIGNATURE;
  }

  private static byte[] body(
      byte[] key, PeerId transferee, PeerId target, CallId call, long expires) {
    return ByteBuffer.allocate(SIGNED)
        .put(VERSION)
        .put(key)
        .put(transferee.bytes())
        .put(target.bytes())
        .putLong(call.high())
        .putLong(call.low())
        .putLong(expires)
        .array();
  }

  private static byte[] signed(byte[] body) {
    byte[] out = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
    System.arraycopy(body, 0, out, DOMAIN.length, body.length);
    return out;
  }

  private static byte[] take(ByteBuffer b, int n) {
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
