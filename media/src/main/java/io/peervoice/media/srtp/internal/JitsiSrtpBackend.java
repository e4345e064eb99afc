package io.peervoice.media.srtp.internal;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpSender;
import io.peervoice.natives.JulBridge;
import java.security.SecureRandom;

/** jitsi-srtp made ready before the first call, and the crypto providers it uses. */
public final class JitsiSrtpBackend {
  private JitsiSrtpBackend() {}

  private static volatile boolean prepared;

  /** Loads jitsi-srtp, chooses the AES and HMAC providers and runs one transform, once. */
  public static void prepare() {
    if (prepared) {
      return;
    }
    JulBridge.install();
    AesProviderChoice.choose();
    HmacProviderChoice.choose();
    SrtpKeyMaterial throwaway =
        SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new SecureRandom());
    byte[] rtp = new byte[12 + 20];
    rtp[0] = (byte) 0x80;
    try (SrtpSender s = JitsiSrtpSession.sender(throwaway)) {
      s.protect(rtp, 0, rtp.length);
    }
    prepared = true;
  }

  /**
   * The JCA provider that does SRTP's AES (CTR and GCM): {@code JitsiOpenSslProvider} when jitsi's
   * OpenSSL library loads, else {@code SunJCE}; the same in every run on one machine.
   */
  public static String aesBackend() {
    prepare();
    return AesProviderChoice.choose();
  }

  /** The provider each AES transformation SRTP uses gets, for checking they agree. */
  public static java.util.Map<String, String> aesProviders() {
    prepare();
    return AesProviderChoice.providers();
  }
}
