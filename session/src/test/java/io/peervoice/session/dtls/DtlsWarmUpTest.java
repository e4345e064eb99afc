package io.peervoice.session.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The warm-up runs a whole handshake in memory and both ends agree on the keys. */
class DtlsWarmUpTest {
  @Test
  void aHandshakeInMemoryGivesMirroredKeys() throws Exception {
    assertThat(DtlsWarmUp.run(new SecureRandom())).isTrue();
  }
}
