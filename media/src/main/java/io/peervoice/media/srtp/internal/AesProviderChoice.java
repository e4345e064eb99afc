package io.peervoice.media.srtp.internal;

/**
 * Which JCA provider does jitsi-srtp's AES, chosen once per process by rule before the first SRTP
 * context exists (jitsi-srtp caches a provider per transformation on first use).
 */
final class AesProviderChoice {
  private AesProviderChoice() {}

  private static String aesProvider;

  /**
   * Chooses jitsi-srtp's AES implementation once, before its first context, so that every run picks
   * the same one. Left alone, jitsi-srtp benchmarks its providers on first use, separately for each
   * transformation (CTR, GCM, ECB), and on a busy machine the winner changes from run to run
   * (SunJCE one run, OpenSSL the next) and may be BouncyCastle's pure-Java AES. The rule: jitsi's
   * OpenSSL provider when its native library loads here (about six times faster than SunJCE per
   * operation), else SunJCE (the JDK's AES, with AES-NI intrinsics). Never BouncyCastle.
   */
  static synchronized String choose() {
    if (aesProvider != null) {
      return aesProvider;
    }
    org.jitsi.srtp.crypto.Aes.setFactoryClassName("OpenSSL");
    String chosen;
    try {
      chosen = providerOf("AES/CTR/NoPadding");
    } catch (RuntimeException e) {
      chosen = null;
    }
    if (chosen == null || !chosen.toLowerCase(java.util.Locale.ROOT).contains("openssl")) {
      // The native library did not load: jitsi-srtp fell back; make the fallback SunJCE explicitly.
      org.jitsi.srtp.crypto.Aes.setFactoryClassName("SunJCE");
      chosen = providerOf("AES/CTR/NoPadding");
    }
    aesProvider = chosen;
    return chosen;
  }

  private static String providerOf(String transformation) {
    return org.jitsi.srtp.crypto.Aes.createCipher(transformation).getProvider().getName();
  }

  /** The provider each AES transformation SRTP uses gets (CTR, GCM, ECB), for checking. */
  static java.util.Map<String, String> providers() {
    choose();
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String t : new String[] {"AES/CTR/NoPadding", "AES/GCM/NoPadding", "AES/ECB/NoPadding"}) {
      m.put(t, providerOf(t));
    }
    return m;
  }
}
