package io.peervoice.session.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it in {@code a=fingerprint} (RFC 8122 <a
 * href="https://www.rfc-editor.org/rfc/rfc8122#section-5">§5</a>): the hash of the DER certificate.
 * Only {@code sha-256} is taken (what browsers send; RFC 8122 §5 forbids MD5 and SHA-1 must not be
 * preferred): the DTLS handshake is refused unless the peer's certificate hashes to it.
 *
 * @param hash the 32-byte SHA-256 of the certificate's DER encoding
 */
public record CertificateFingerprint(byte[] hash) {
  private static final String ALGORITHM = "sha-256";
  private static final int LENGTH = 32;

  public CertificateFingerprint {
    if (hash.length != LENGTH) {
      throw new IllegalArgumentException("a sha-256 fingerprint has 32 bytes: " + hash.length);
    }
    hash = hash.clone();
  }

  /** The fingerprint of a DER-encoded certificate. */
  public static CertificateFingerprint of(byte[] der) {
    try {
      return new CertificateFingerprint(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Parses the attribute value, e.g. {@code sha-256 4A:AD:B9:...} (hash function case-insensitive,
   * hex digits in either case).
   *
   * @throws IllegalArgumentException for another hash function or a malformed value
   */
  public static CertificateFingerprint parse(String value) {
    String[] parts = value.strip().split(" +");
    if (parts.length != 2) {
      throw new IllegalArgumentException("a fingerprint is 'hash-func HEX:HEX:...': " + value);
    }
    if (!parts[0].toLowerCase(Locale.ROOT).equals(ALGORITHM)) {
      throw new IllegalArgumentException("only sha-256 fingerprints are accepted: " + parts[0]);
    }
    String hex = parts[1];
    if (hex.length() != LENGTH * 3 - 1) {
      throw new IllegalArgumentException("a sha-256 fingerprint is 32 colon-separated bytes");
    }
    byte[] hash = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      int at = i * 3;
      if (i > 0 && hex.charAt(at - 1) != ':') {
        throw new IllegalArgumentException("fingerprint bytes are separated by ':'");
      }
      hash[i] = (byte) ((digit(hex.charAt(at)) << 4) | digit(hex.charAt(at + 1)));
    }
    return new CertificateFingerprint(hash);
  }

  private static int digit(char c) {
    int d = Character.digit(c, 16);
    if (d < 0) {
      throw new IllegalArgumentException("not a hex digit in a fingerprint: " + c);
    }
    return d;
  }

  /** Whether {@code der} hashes to this fingerprint (compared in constant time). */
  public boolean matches(byte[] der) {
    return MessageDigest.isEqual(of(der).hash, hash);
  }

  /** The attribute value: {@code sha-256} and upper-case hex bytes separated by colons. */
  public String toSdp() {
    return ALGORITHM + " " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateFingerprint f && Arrays.equals(f.hash, hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return toSdp();
  }
}
