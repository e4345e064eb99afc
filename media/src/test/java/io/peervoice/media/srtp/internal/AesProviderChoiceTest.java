package io.peervoice.media.srtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * jitsi-srtp gets the chosen AES factory alone, and its HMAC providers without BouncyCastle: it
 * never builds a BouncyCastle JCA provider, and every transformation gets the chosen provider.
 */
class AesProviderChoiceTest {

  @Test
  void onlyTheChosenFactoryIsMadeAndEveryTransformationUsesIt() {
    String chosen = AesProviderChoice.choose();

    assertThat(AesProviderChoice.factories())
        .singleElement()
        .extracting(f -> f.getClass().getSimpleName())
        .isIn("OpenSSLCipherFactory", "SunJCECipherFactory");
    assertThat(AesProviderChoice.providers().values()).containsOnly(chosen);
    assertThat(chosen).doesNotContainIgnoringCase("BC").doesNotContainIgnoringCase("Bouncy");
  }

  @Test
  void hmacComesFromOpenSslOrSunJceAndNoBouncyCastleProviderIsListed() {
    JitsiSrtpBackend.prepare(); // a first context: HMAC-SHA1 made

    assertThat(HmacProviderChoice.providers())
        .isNotEmpty()
        .endsWith("SunJCE")
        .allSatisfy(name -> assertThat(name).isIn("SunJCE", "JitsiOpenSslProvider"));
  }
}
