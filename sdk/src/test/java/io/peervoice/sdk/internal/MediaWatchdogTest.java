package io.peervoice.sdk.internal;

import static io.peervoice.sdk.internal.MediaWatchdog.Verdict.FINE;
import static io.peervoice.sdk.internal.MediaWatchdog.Verdict.NO_AUDIO;
import static io.peervoice.sdk.internal.MediaWatchdog.Verdict.PEER_VANISHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.nat.PathState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The watchdog's verdicts on a fake clock (milliseconds here, nanoseconds inside). */
class MediaWatchdogTest {
  private static final long MS = 1_000_000L;
  private final MediaWatchdog dog = new MediaWatchdog(Duration.ofSeconds(10), 0);

  @Test
  void audioKeepsTheCallFineAndItsAbsenceWithThePeerStillThereIsNoAudio() {
    assertThat(dog.check(5_000 * MS, 250, 250, PathState.CONNECTED)).isEqualTo(FINE);
    // audio stops at 5 s; RTCP (datagrams) keeps coming
    assertThat(dog.check(14_999 * MS, 250, 260, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(15_000 * MS, 250, 260, PathState.CONNECTED)).isEqualTo(NO_AUDIO);
  }

  @Test
  void noAudioAtAllSinceMediaStartedIsNoAudio() {
    assertThat(dog.check(0, 0, 0, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(9_000 * MS, 0, 9, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(10_000 * MS, 0, 10, PathState.CONNECTED)).isEqualTo(NO_AUDIO);
  }

  @Test
  void withNothingButConsentFromThePeerTheVerdictWaitsTwiceAsLong() {
    assertThat(dog.check(1_000 * MS, 50, 50, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(11_000 * MS, 50, 50, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(20_999 * MS, 50, 50, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(21_000 * MS, 50, 50, PathState.CONNECTED)).isEqualTo(NO_AUDIO);
  }

  @Test
  void aVanishedPeerLosesConsentFirstThenExpiresIt() {
    assertThat(dog.check(1_000 * MS, 50, 50, PathState.CONNECTED)).isEqualTo(FINE);
    // the peer is killed at 1 s: consent is lost at 7 s, the clock stands while it is
    assertThat(dog.check(7_000 * MS, 50, 50, PathState.DISCONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(30_000 * MS, 50, 50, PathState.DISCONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(31_000 * MS, 50, 50, PathState.FAILED)).isEqualTo(PEER_VANISHED);
  }

  @Test
  void whenConsentComesBackTheSilenceCountsFromThen() {
    assertThat(dog.check(1_000 * MS, 50, 50, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(8_000 * MS, 50, 50, PathState.DISCONNECTED)).isEqualTo(FINE);
    // consent back at 9 s: the silence counts from the last check without it (8 s)
    assertThat(dog.check(9_000 * MS, 50, 51, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(17_999 * MS, 50, 60, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(dog.check(18_000 * MS, 50, 60, PathState.CONNECTED)).isEqualTo(NO_AUDIO);
  }

  @Test
  void aZeroTimeoutNeverEndsACallForMissingAudio() {
    MediaWatchdog never = new MediaWatchdog(Duration.ZERO, 0);
    assertThat(never.check(3_600_000 * MS, 0, 100, PathState.CONNECTED)).isEqualTo(FINE);
    assertThat(never.check(3_600_001 * MS, 0, 100, PathState.FAILED)).isEqualTo(PEER_VANISHED);
    assertThatThrownBy(() -> new MediaWatchdog(Duration.ofSeconds(-1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checksOftenEnoughForTheTimeout() {
    assertThat(MediaWatchdog.checkInterval(Duration.ofSeconds(10))).hasMillis(500);
    assertThat(MediaWatchdog.checkInterval(Duration.ofSeconds(1))).hasMillis(100);
    assertThat(MediaWatchdog.checkInterval(Duration.ofMillis(100))).hasMillis(50);
    assertThat(MediaWatchdog.checkInterval(Duration.ZERO)).hasMillis(500);
  }
}
