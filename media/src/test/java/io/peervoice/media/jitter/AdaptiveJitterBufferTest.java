package io.peervoice.media.jitter;

import static io.peervoice.media.jitter.JitterScenario.check;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveJitterBufferTest {

  /** Initial target and guard 0, so that scenarios start from "play as soon as it is here". */
  private static AdaptiveJitterBuffer buffer() {
    return new AdaptiveJitterBuffer(
        new JitterBufferConfig(48_000, 960, 0.97, 0.99, 2_000, 0, 2_000, 8, 3, 0));
  }

  @Test
  void idleUntilTheFirstPacketThenPlaysInOrderWithoutStretchOnAPerfectNetwork() {
    check(
        buffer(),
        """
        get@0 -> idle
        put 1@20
        get@20 -> play 1
        put 2@40
        get@40 -> play 2
        put 3@60
        get@60 -> play 3
        """);
  }

  @Test
  void reordersAndDropsDuplicatesAndLatePackets() {
    check(
        buffer(),
        """
        put 1@20
        get@20 -> play 1
        # 3 comes 15 ms early and sets the fastest path; 2 is then 25 ms late: the target rises
        put 3@45
        put 2@50 -> accepted
        put 2@51 -> duplicate
        get@60 -> play 2
        get@60 -> play 3 decel
        put 2@70 -> late
        """);
  }

  @Test
  void waitsForADelayedPacketWhileUnderTheTargetThenDeclaresItLostAndUsesFec() {
    AdaptiveJitterBuffer b = buffer();
    check(
        b,
        """
        put 1@20
        get@20 -> play 1
        # 2 is missing and the buffer is empty: conceal, do not skip it
        get@40 -> wait
        put 2@55
        get@60 -> play 2
        put 3@60
        put 5@100
        get@80 -> play 3
        # 4 never comes; 5 is here and the delay is over the target: recover 4 from 5's FEC
        get@100 -> fec 4
        get@120 -> play 5
        """);
    assertThat(b.stats().fecFrames()).isEqualTo(1);
    assertThat(b.stats().underrunFrames()).isEqualTo(1);
  }

  @Test
  void declaresALossWhenTheNextPacketIsNotHereEither() {
    check(
        buffer(),
        """
        put 1@20
        get@20 -> play 1
        put 4@80
        get@80 -> lost
        get@80 -> fec 3
        get@80 -> play 4
        """);
  }

  @Test
  void playsAcrossSequenceAndTimestampWrap() {
    check(
        buffer(),
        """
        put 65535@20 ts=4294966336
        get@20 -> play 65535
        put 0@40 ts=0
        get@40 -> play 0
        put 1@60 ts=960
        get@60 -> play 1
        """);
  }

  @Test
  void aDtxGapIsComfortNoiseNotLoss() {
    AdaptiveJitterBuffer b = buffer();
    check(
        b,
        """
        put 1@20
        get@20 -> play 1
        # sequence 2 carries timestamp 5*960: frames 2..4 were not sent (DTX)
        put 2@100 ts=4800
        get@40 -> cng
        get@60 -> cng
        get@80 -> cng
        get@100 -> play 2
        """);
    assertThat(b.stats().comfortNoiseFrames()).isEqualTo(3);
    assertThat(b.stats().lostFrames()).isZero();
  }

  @Test
  void anEmptyBufferRightAfterASilenceFrameIsDtxNotAnUnderrun() {
    AdaptiveJitterBuffer b = buffer();
    check(
        b,
        """
        put 1@20 silent
        get@20 -> play 1
        get@40 -> cng
        get@60 -> cng
        # the sender was in DTX: the next packet is sequence 2 with a later timestamp
        put 2@80 ts=3840
        get@80 -> play 2
        """);
    assertThat(b.stats().underrunFrames()).isZero();
    assertThat(b.stats().comfortNoiseFrames()).isEqualTo(2);
  }

  @Test
  void aNewSsrcRestartsTheStream() {
    AdaptiveJitterBuffer b = buffer();
    check(
        b,
        """
        put 1@20
        get@20 -> play 1
        put 900@40 ts=123456 ssrc=2
        get@40 -> play 900
        put 901@60 ts=124416 ssrc=2
        get@60 -> play 901
        """);
    assertThat(b.stats().ssrcChanges()).isEqualTo(1);
  }

  @Test
  void aTimestampJumpResynchronisesInsteadOfPlayingHoursOfComfortNoise() {
    check(
        buffer(),
        """
        put 1@20
        get@20 -> play 1
        put 2@40 ts=900000000
        get@40 -> play 2
        put 3@60 ts=900000960
        get@60 -> play 3
        """);
  }

  @Test
  void capsWhatItHoldsAndGoesIdleAfterTheStreamStops() {
    AdaptiveJitterBuffer b = buffer();
    check(
        b,
        """
        put 1@0
        put 2@0
        put 3@0
        put 4@0
        put 5@0
        put 6@0
        put 7@0
        put 8@0
        put 9@0 -> overflow
        # a burst: far more buffered than the target, so playout speeds up
        get@0 -> play 2 accel
        """);
    assertThat(b.stats().overflowDrops()).isEqualTo(1);
    assertThat(b.stats().bufferedPackets()).isEqualTo(7);
    AdaptiveJitterBuffer stopped = buffer();
    check(
        stopped,
        """
        put 1@20
        get@20 -> play 1
        get@40 -> wait
        get@60 -> wait
        get@80 -> wait
        get@100 -> idle
        """);
  }

  @Test
  void theTargetFollowsTheDelayOfRecentPacketsAndSlowlyForgetsIt() {
    AdaptiveJitterBuffer b = buffer();
    for (int i = 0; i < 200; i++) {
      b.insert(new JitterPacket(1, i, i * 960L, new byte[1], i * 20.0 + (i % 10 == 0 ? 60 : 0)));
    }
    double jittery = b.target();
    assertThat(jittery).isBetween(55.0, 65.0);
    for (int i = 200; i < 700; i++) {
      b.insert(new JitterPacket(1, i, i * 960L, new byte[1], i * 20.0));
    }
    assertThat(b.target()).isLessThan(5.0);
  }
}
