package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Signatures go through BouncyCastle's RFC 8032 code for speed (issue 13): they must be the JDK's
 * signatures byte for byte, and both implementations must agree on what verifies.
 */
class Ed25519CompatTest {

  @Test
  void bouncyCastleAndTheJdkAgree() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20; i++) {
      Identity id = Identity.generate(new SecureRandom());
      byte[] data = new byte[random.nextInt(300)];
      random.nextBytes(data);
      byte[] signature = id.sign(data);
      PublicIdentity pub = id.publicIdentity();
      assertThat(pub.verify(data, signature)).isTrue();
      assertThat(pub.verifyWithJdk(data, signature)).as("the JDK verifies it too").isTrue();

      byte[] tampered = signature.clone();
      tampered[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
      assertThat(pub.verify(data, tampered)).isFalse();
      assertThat(pub.verifyWithJdk(data, tampered)).isFalse();
      if (data.length > 0) {
        byte[] other = data.clone();
        other[0] ^= 1;
        assertThat(pub.verify(other, signature)).isFalse();
      }
      assertThat(pub.verify(data, new byte[63])).isFalse();
    }
  }
}
