package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.dtls.DtlsWarmUp;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * S7 lean: {@code call --webrtc}'s DTLS warm-up at its start runs one handshake, off the caller.
 */
class DtlsPrewarmTest {
  @Test
  void runsOneHandshakeInTheBackground() throws Exception {
    long before = DtlsWarmUp.handshakes();
    DtlsPrewarm.start().get(60, TimeUnit.SECONDS);
    assertThat(DtlsWarmUp.handshakes()).isEqualTo(before + 1);
  }
}
