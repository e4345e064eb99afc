package io.peervoice.media.srtp.internal;

import io.peervoice.media.srtp.SrtpProfile;
import org.jitsi.srtp.SrtpPolicy;

/** jitsi-srtp's policy for each of our SRTP profiles (RFC 3711 §8.2, RFC 7714 §12). */
final class SrtpPolicies {
  private SrtpPolicies() {}

  static SrtpPolicy policy(SrtpProfile profile, boolean rtcp) {
    return switch (profile) {
      case AES_CM_128_HMAC_SHA1_80 ->
          new SrtpPolicy(
              SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
      case AES_CM_128_HMAC_SHA1_32 ->
          new SrtpPolicy(
              SrtpPolicy.AESCM_ENCRYPTION,
              16,
              SrtpPolicy.HMACSHA1_AUTHENTICATION,
              20,
              rtcp ? 10 : 4,
              14);
      case AEAD_AES_128_GCM ->
          new SrtpPolicy(
              SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
    };
  }
}
