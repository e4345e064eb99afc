package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalingWarmUpTest {
  private static final SecureRandom RANDOM = new SecureRandom(new byte[] {13});

  @Test
  void everyRoundCarriesAnInviteAndARingingReplyThroughTheWholePath() {
    Identity me = Identity.generate(RANDOM);
    byte[] description = new byte[300];
    assertThat(SignalingWarmUp.run(me, description, List.of("AEAD_AES_128_GCM"), RANDOM, 3))
        .isEqualTo(6);
  }

  @Test
  void zeroRoundsDoNothingAndNegativeOnesAreRefused() {
    Identity me = Identity.generate(RANDOM);
    assertThat(SignalingWarmUp.run(me, new byte[1], List.of(), RANDOM, 0)).isZero();
    assertThatThrownBy(() -> SignalingWarmUp.run(me, new byte[1], List.of(), RANDOM, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
