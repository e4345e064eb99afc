package io.peervoice.session.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

/**
 * RFC 5764 §4.2's split of the exporter output: client key | server key | client salt | server
 * salt.
 */
class SrtpExportTest {

  private static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static byte[] range(int from, int to) {
    byte[] b = new byte[to - from];
    for (int i = from; i < to; i++) {
      b[i - from] = (byte) i;
    }
    return b;
  }

  @Test
  void aesCmMaterialSplitsIntoTheClientsAndTheServersKeys() {
    byte[] material = counting(60); // 2 x (16-byte key + 14-byte salt)
    SrtpKeys client = SrtpExport.split(material, SrtpProfile.AES_CM_128_HMAC_SHA1_80, true);
    assertThat(client.send().masterKey()).isEqualTo(range(0, 16));
    assertThat(client.receive().masterKey()).isEqualTo(range(16, 32));
    assertThat(client.send().masterSalt()).isEqualTo(range(32, 46));
    assertThat(client.receive().masterSalt()).isEqualTo(range(46, 60));
    SrtpKeys server = SrtpExport.split(material, SrtpProfile.AES_CM_128_HMAC_SHA1_80, false);
    assertThat(server.send()).isEqualTo(client.receive());
    assertThat(server.receive()).isEqualTo(client.send());
  }

  @Test
  void gcmMaterialHasTwelveByteSalts() {
    assertThat(SrtpExport.length(SrtpProfile.AEAD_AES_128_GCM)).isEqualTo(56);
    SrtpKeys client = SrtpExport.split(counting(56), SrtpProfile.AEAD_AES_128_GCM, true);
    assertThat(client.send().masterSalt()).isEqualTo(range(32, 44));
    assertThat(client.receive().masterSalt()).isEqualTo(range(44, 56));
    assertThatThrownBy(() -> SrtpExport.split(counting(60), SrtpProfile.AEAD_AES_128_GCM, true))
        .hasMessageContaining("needs 56 exporter bytes");
  }

  @Test
  void useSrtpCodesAreThoseOfRfc5764AndRfc7714() {
    assertThat(SrtpExport.code(SrtpProfile.AES_CM_128_HMAC_SHA1_80)).isEqualTo(0x0001);
    assertThat(SrtpExport.code(SrtpProfile.AES_CM_128_HMAC_SHA1_32)).isEqualTo(0x0002);
    assertThat(SrtpExport.code(SrtpProfile.AEAD_AES_128_GCM)).isEqualTo(0x0007);
    assertThat(SrtpExport.profile(0x0008)).as("AEAD_AES_256_GCM: not supported").isNull();
  }
}
