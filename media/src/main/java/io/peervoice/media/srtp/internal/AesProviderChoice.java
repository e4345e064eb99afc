package io.peervoice.media.srtp.internal;

import java.lang.reflect.Field;
import java.util.function.Supplier;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.CipherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which JCA provider does jitsi-srtp's AES, chosen once per process by rule before the first SRTP
 * context exists (jitsi-srtp caches a provider per transformation on first use).
 */
final class AesProviderChoice {
  private static final Logger log = LoggerFactory.getLogger(AesProviderChoice.class);

  private AesProviderChoice() {}

  private static String aesProvider;

  /**
   * Chooses jitsi-srtp's AES implementation once, before its first context, so that every run picks
   * the same one. Left alone, jitsi-srtp benchmarks its providers on first use, separately for each
   * transformation (CTR, GCM, ECB), and on a busy machine the winner changes from run to run
   * (SunJCE one run, OpenSSL the next) and may be BouncyCastle's pure-Java AES. The rule: jitsi's
   * OpenSSL provider when its native library loads here (about six times faster than SunJCE per
   * operation), else SunJCE (the JDK's AES, with AES-NI intrinsics). Never BouncyCastle.
   *
   * <p>jitsi-srtp makes an instance of every factory it knows before it picks one, even when told
   * which to use, and its BouncyCastle factory builds a whole BouncyCastle JCA provider: about 600
   * classes and 150 MB of garbage from precomputing elliptic curves a phone never uses (a dozen
   * young collections while a fresh process sets up its first call). So its factory list is set to
   * the one factory chosen ({@link #onlyFactory}) before its first cipher.
   */
  static synchronized String choose() {
    if (aesProvider != null) {
      return aesProvider;
    }
    String chosen = tryFactory("OpenSSL", Aes.OpenSSLCipherFactory::new);
    if (chosen == null || !chosen.toLowerCase(java.util.Locale.ROOT).contains("openssl")) {
      // The native library did not load: jitsi-srtp fell back; make the fallback SunJCE explicitly.
      chosen = tryFactory("SunJCE", Aes.SunJCECipherFactory::new);
    }
    aesProvider = chosen;
    return chosen;
  }

  /** Tells jitsi-srtp to use {@code name}'s factory only; the provider CTR then gets, or null. */
  private static String tryFactory(String name, Supplier<CipherFactory> factory) {
    Aes.setFactoryClassName(name);
    try {
      onlyFactory(factory.get());
      return providerOf("AES/CTR/NoPadding");
    } catch (RuntimeException | LinkageError e) {
      log.debug("jitsi-srtp's {} AES factory is unusable here: {}", name, e.toString());
      return null;
    }
  }

  /**
   * Sets jitsi-srtp's list of factories to {@code factory} alone (the private static {@code
   * Aes.factories}, which it fills with every factory it knows when still null). If the field is
   * not there (another jitsi-srtp version), jitsi-srtp fills it as before: same choice, more cost.
   */
  static void onlyFactory(CipherFactory factory) {
    try {
      Field factories = Aes.class.getDeclaredField("factories");
      factories.setAccessible(true);
      factories.set(null, new CipherFactory[] {factory});
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("cannot narrow jitsi-srtp's AES factories: {}", e.toString());
    }
  }

  /** jitsi-srtp's factory list, for checking (null before its first cipher, if not narrowed). */
  static CipherFactory[] factories() {
    try {
      Field factories = Aes.class.getDeclaredField("factories");
      factories.setAccessible(true);
      return (CipherFactory[]) factories.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String providerOf(String transformation) {
    return Aes.createCipher(transformation).getProvider().getName();
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
