package io.peervoice.signaling;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A peer's identifier: the first 160 bits of SHA-256 over its raw Ed25519 public key, written in
 * lowercase RFC 4648 base32 without padding (32 characters). Kademlia distances are the XOR of two
 * ids.
 */
public record PeerId(byte[] bytes) implements Comparable<PeerId> {
  /** Length in bytes (160 bits). */
  public static final int LENGTH = 20;

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private static final byte[] NODE_ID_DOMAIN =
      "peervoice-node-id-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  public PeerId {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a PeerId is 20 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** The id of the holder of {@code ed25519PublicKey} (32 raw bytes). */
  public static PeerId of(byte[] ed25519PublicKey) {
    if (ed25519PublicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(ed25519PublicKey);
      return new PeerId(Arrays.copyOf(digest, LENGTH));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Parses the base32 form (case-insensitive).
   *
   * @throws IllegalArgumentException saying what is wrong with the text
   */
  public static PeerId parse(String text) {
    String s = text.strip().toLowerCase(java.util.Locale.ROOT);
    if (s.length() != 32) {
      throw new IllegalArgumentException(
          "a PeerId is 32 base32 characters (a-z, 2-7), got " + s.length() + ": " + text);
    }
    byte[] out = new byte[LENGTH];
    long buffer = 0;
    int bits = 0;
    int pos = 0;
    for (char c : s.toCharArray()) {
      int v = ALPHABET.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not a base32 character '" + c + "' in PeerId " + text);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[pos++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    return new PeerId(out);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The XOR distance to {@code other} (Kademlia), as 20 bytes. */
  public byte[] distance(PeerId other) {
    byte[] d = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      d[i] = (byte) (bytes[i] ^ other.bytes[i]);
    }
    return d;
  }

  @Override
  public int compareTo(PeerId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId p && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The base32 form. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(32);
    long buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET.charAt((int) (buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    return sb.toString();
  }

  /**
   * The work that went into this id as a node id: the leading zero bits of SHA-256({@code
   * "peervoice-node-id-v1"} ‖ id). This is the static crypto puzzle of S/Kademlia (Baumgart and
   * Mizrak, 2007, §4.1): the puzzle depends on nothing but the id, so every attempt at a chosen id
   * is a new key pair and costs 2<sup>bits</sup> key generations on average; checking it costs one
   * hash. See {@link Identity#generateNode} and {@code docs/protocol.md}.
   */
  public int nodeIdWork() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(NODE_ID_DOMAIN);
      byte[] h = sha.digest(bytes);
      int bits = 0;
      for (byte b : h) {
        if (b != 0) {
          return bits + Integer.numberOfLeadingZeros(b & 0xFF) - 24;
        }
        bits += 8;
      }
      return bits;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Hex, for logs that want the raw bytes. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }
}
