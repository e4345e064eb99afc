package io.peervoice.session.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The warm-up runs whole handshakes in memory, both ends agree on the keys, and it begins no more
 * once told to stop (a call's own handshake started).
 */
class DtlsWarmUpTest {
  @Test
  void aHandshakeInMemoryGivesMirroredKeys() throws Exception {
    assertThat(DtlsWarmUp.run(new SecureRandom())).isTrue();
  }

  @Test
  void itRunsEveryRoundUnlessToldToStopThenBeginsNoMore() throws Exception {
    assertThat(DtlsWarmUp.run(new SecureRandom(), () -> false))
        .isEqualTo(new DtlsWarmUp.Outcome(DtlsWarmUp.ROUNDS, true));
    AtomicInteger asked = new AtomicInteger();
    DtlsWarmUp.Outcome stopped =
        DtlsWarmUp.run(new SecureRandom(), () -> asked.incrementAndGet() > 1);
    assertThat(stopped)
        .isEqualTo(new DtlsWarmUp.Outcome(1, true)); // the first ran, then it stopped
    assertThat(asked).hasValue(2);
    assertThat(DtlsWarmUp.run(new SecureRandom(), () -> true))
        .isEqualTo(new DtlsWarmUp.Outcome(0, true));
  }
}
