package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.testkit.FakeTimers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The media warm-up carries audio both ways through every stage of a call, for each SRTP profile,
 * on the calling thread: nothing is scheduled on the media clock, and nothing is left behind.
 */
class MediaWarmUpTest {

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void framesGoThroughEveryStageWithNoTaskOnTheClock(SrtpProfile profile) {
    FakeTimers clock = new FakeTimers();
    MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
    assertThat(MediaWarmUp.run(config, profile, 10))
        .as("frames the second end decoded")
        .isGreaterThanOrEqualTo(9);
    assertThat(clock.pending()).isZero();
  }
}
