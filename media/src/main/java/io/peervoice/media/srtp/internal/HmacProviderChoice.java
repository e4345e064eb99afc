package io.peervoice.media.srtp.internal;

import java.lang.reflect.Field;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import org.jitsi.srtp.crypto.HmacSha1;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers jitsi-srtp may take HMAC-SHA1 from (SRTP's AES_CM_128_HMAC_SHA1_80, RFC 3711
 * §4.2.1), set before its first context: jitsi's OpenSSL provider when its native library loads
 * here, then SunJCE. Left alone, jitsi-srtp's {@code HmacSha1} lists those and then a new
 * BouncyCastle JCA provider, never used while SunJCE is there, whose construction loads about 600
 * classes and precomputes elliptic curves: 150 MB of garbage in a fresh process.
 */
final class HmacProviderChoice {
  private static final Logger log = LoggerFactory.getLogger(HmacProviderChoice.class);

  private HmacProviderChoice() {}

  /**
   * Sets jitsi-srtp's HMAC providers (the private static {@code HmacSha1.providers} and {@code
   * jitsiProvider}) unless it already has them. If the fields are not there (another jitsi-srtp
   * version), jitsi-srtp lists its providers as before.
   */
  static synchronized void choose() {
    try {
      Field providers = HmacSha1.class.getDeclaredField("providers");
      providers.setAccessible(true);
      if (providers.get(null) != null) {
        return;
      }
      List<Provider> list = new ArrayList<>(2);
      if (JitsiOpenSslProvider.isLoaded()) {
        Provider openSsl = new JitsiOpenSslProvider();
        Field jitsi = HmacSha1.class.getDeclaredField("jitsiProvider");
        jitsi.setAccessible(true);
        jitsi.set(null, openSsl);
        list.add(openSsl);
      }
      Provider sunJce = Security.getProvider("SunJCE");
      if (sunJce != null) { // absent under some FIPS configurations
        list.add(sunJce);
      }
      if (!list.isEmpty()) {
        providers.set(null, list); // else jitsi-srtp keeps its own list
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.debug("cannot set jitsi-srtp's HMAC providers: {}", e.toString());
    }
  }

  /** jitsi-srtp's HMAC providers, by name, for checking (empty before its first context). */
  static List<String> providers() {
    try {
      Field providers = HmacSha1.class.getDeclaredField("providers");
      providers.setAccessible(true);
      @SuppressWarnings("unchecked")
      List<Provider> list = (List<Provider>) providers.get(null);
      return list == null ? List.of() : list.stream().map(Provider::getName).toList();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
