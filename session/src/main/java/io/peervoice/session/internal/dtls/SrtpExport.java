package io.peervoice.session.internal.dtls;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import java.util.Arrays;
import org.bouncycastle.tls.SRTPProtectionProfile;

/**
 * DTLS-SRTP's profiles and keys: the {@code use_srtp} protection profiles we support (RFC 5764 <a
 * href="https://www.rfc-editor.org/rfc/rfc5764#section-4.1.2">§4.1.2</a>, RFC 7714 §14.2), and the
 * split of the exporter's output into both directions' SRTP master keys (RFC 5764 <a
 * href="https://www.rfc-editor.org/rfc/rfc5764#section-4.2">§4.2</a>): client key | server key |
 * client salt | server salt. The client sends with the client's key and salt.
 */
public final class SrtpExport {
  /** RFC 5705 exporter label of DTLS-SRTP. */
  public static final String LABEL = "EXTRACTOR-dtls_srtp";

  private SrtpExport() {}

  /** The exporter output length {@code profile} needs: two keys and two salts. */
  public static int length(SrtpProfile profile) {
    return 2 * (profile.keyLength() + profile.saltLength());
  }

  /**
   * Splits {@code material} into our send and receive keys.
   *
   * @param client whether we are the DTLS client
   * @throws IllegalArgumentException if {@code material} is not {@link #length} bytes
   */
  public static SrtpKeys split(byte[] material, SrtpProfile profile, boolean client) {
    int k = profile.keyLength();
    int s = profile.saltLength();
    if (material.length != length(profile)) {
      throw new IllegalArgumentException(
          profile + " needs " + length(profile) + " exporter bytes, got " + material.length);
    }
    SrtpKeyMaterial clientKeys =
        new SrtpKeyMaterial(
            profile,
            Arrays.copyOfRange(material, 0, k),
            Arrays.copyOfRange(material, 2 * k, 2 * k + s));
    SrtpKeyMaterial serverKeys =
        new SrtpKeyMaterial(
            profile,
            Arrays.copyOfRange(material, k, 2 * k),
            Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    return client ? new SrtpKeys(clientKeys, serverKeys) : new SrtpKeys(serverKeys, clientKeys);
  }

  /** The {@code SRTPProtectionProfile} code of {@code profile}. */
  static int code(SrtpProfile profile) {
    return switch (profile) {
      case AES_CM_128_HMAC_SHA1_80 -> SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80;
      case AES_CM_128_HMAC_SHA1_32 -> SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32;
      case AEAD_AES_128_GCM -> SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM;
    };
  }

  /** Our profile of a {@code use_srtp} code, or null for one we do not support. */
  static SrtpProfile profile(int code) {
    for (SrtpProfile p : SrtpProfile.values()) {
      if (code(p) == code) {
        return p;
      }
    }
    return null;
  }
}
