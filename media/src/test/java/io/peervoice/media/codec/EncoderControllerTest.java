package io.peervoice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EncoderControllerTest {
  private final OpusSettings start = new OpusSettings(32_000, 9, false, 0, false);

  @Test
  void heavyLossTurnsOnFecRaisesExpectedLossAndCutsTheBitrateToItsFloor() {
    EncoderController c = new EncoderController(start, 16_000, 40_000);
    OpusSettings s = null;
    for (int i = 0; i < 30; i++) {
      s = c.onReceiverReport(51);
    }
    assertThat(s.inbandFec()).isTrue();
    assertThat(s.expectedLossPercent()).isEqualTo(20);
    assertThat(s.bitrate()).isEqualTo(16_000);
  }

  @Test
  void aCleanPathRaisesTheBitrateToItsCeilingAndLetsExpectedLossFall() {
    EncoderController c = new EncoderController(start, 16_000, 40_000);
    for (int i = 0; i < 5; i++) {
      c.onReceiverReport(51);
    }
    OpusSettings s = null;
    for (int i = 0; i < 40; i++) {
      s = c.onReceiverReport(0);
    }
    assertThat(s.bitrate()).isEqualTo(40_000);
    assertThat(s.expectedLossPercent()).isZero();
  }

  @Test
  void moderateLossKeepsTheBitrate() {
    EncoderController c = new EncoderController(start, 16_000, 40_000);
    OpusSettings s = null;
    for (int i = 0; i < 20; i++) {
      s = c.onReceiverReport(13);
    }
    assertThat(s.bitrate()).isBetween(32_000, 34_000);
    assertThat(s.expectedLossPercent()).isEqualTo(5);
    assertThat(s.inbandFec()).isTrue();
  }

  @Test
  void theEncoderAcceptsUpdatesDuringACall() {
    try (AudioEncoder encoder = OpusCodec.encoder(start)) {
      byte[] before = encoder.encode(new short[960]);
      encoder.update(start.withBitrate(12_000).withLoss(true, 20).withDtx(true));
      byte[] silent = null;
      for (int i = 0; i < 30; i++) {
        silent = encoder.encode(new short[960]);
      }
      assertThat(before).isNotEmpty();
      assertThat(AudioEncoder.isDtxFrame(silent)).isTrue();
    }
    assertThatThrownBy(() -> new EncoderController(start, 50_000, 40_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** S8: a receiver's fmtp maxaveragebitrate=16000 holds the bitrate however clean the path. */
  @Test
  void aCapHoldsTheBitrateUnderTheReceiversCeilingEvenBelowTheConfiguredFloor() {
    EncoderController c = new EncoderController(start, 20_000, 40_000);
    assertThat(c.cap(new EncoderCap(16_000, true, false)).bitrate()).isEqualTo(16_000);
    OpusSettings s = null;
    for (int i = 0; i < 40; i++) {
      s = c.onReceiverReport(0);
    }
    assertThat(s.bitrate()).isEqualTo(16_000);
    assertThat(c.settings().bitrate()).isEqualTo(16_000);
  }

  /** S8: without useinbandfec=1 the receiver cannot use FEC: none is sent, even under loss. */
  @Test
  void aReceiverThatCannotUseFecGetsNoneEvenUnderHeavyLoss() {
    EncoderController c = new EncoderController(start.withLoss(true, 5), 16_000, 40_000);
    assertThat(c.cap(new EncoderCap(510_000, false, false)).inbandFec()).isFalse();
    OpusSettings s = null;
    for (int i = 0; i < 30; i++) {
      s = c.onReceiverReport(51);
    }
    assertThat(s.inbandFec()).isFalse();
    assertThat(s.bitrate()).as("the loss still cuts the bitrate").isEqualTo(16_000);
  }

  /** S8: usedtx=1 turns DTX on, its absence off, whatever the configured settings said. */
  @Test
  void dtxFollowsTheReceiversWish() {
    EncoderController wants = new EncoderController(start, 16_000, 40_000);
    assertThat(wants.cap(new EncoderCap(510_000, true, true)).dtx()).isTrue();
    assertThat(wants.onReceiverReport(0).dtx()).isTrue();
    EncoderController refuses = new EncoderController(start.withDtx(true), 16_000, 40_000);
    assertThat(refuses.cap(new EncoderCap(510_000, true, false)).dtx()).isFalse();
    assertThat(refuses.onReceiverReport(0).dtx()).isFalse();
    assertThatThrownBy(() -> new EncoderCap(5_999, true, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
