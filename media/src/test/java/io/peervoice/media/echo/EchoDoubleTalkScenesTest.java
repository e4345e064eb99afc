package io.peervoice.media.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.AudioProcessors;
import io.peervoice.media.processing.ProcessingEngine;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Double-talk scenes harder than {@link EchoBenchTargetsTest}'s (settings and rooms as there): the
 * near end talking from 0.5 s, before the linear canceller has converged, and the echo 10 dB louder
 * than in the targets (a laptop on speaker). Figures are printed; docs/echo-bench.md has them and
 * says which hold.
 */
class EchoDoubleTalkScenesTest {
  private static final int RATE = 48_000;
  private static final int NEAR_ONSET_IN_FIXTURE = 4 * RATE + RATE / 2; // near.wav talks from 4.5 s

  /** The first {@code seconds} of the far end, the near talker moved to start at {@code from}. */
  static EchoSignals earlyDoubleTalk(String room, double seconds, double from) {
    int length = (int) (seconds * RATE);
    int start = (int) (from * RATE);
    short[] far = Arrays.copyOf(EchoFixtures.far().samples(), length);
    short[] nearFixture = EchoFixtures.near().samples();
    short[] near = new short[length];
    System.arraycopy(
        nearFixture,
        NEAR_ONSET_IN_FIXTURE,
        near,
        start,
        Math.min(length - start, nearFixture.length - NEAR_ONSET_IN_FIXTURE));
    return EchoScene.builder(new PcmClip(RATE, far))
        .near(new PcmClip(RATE, near))
        .rir(EchoFixtures.room(room))
        .delayMillis(EchoBenchTargetsTest.ROOMS.get(room))
        .noiseDbfs(-65)
        .build()
        .mix();
  }

  static EchoBenchResult measure(EchoSignals signals) {
    try (AudioProcessor processor = AudioProcessors.open(EchoBenchTargetsTest.settings())) {
      return EchoMetrics.measure(signals, EchoBench.run(signals, processor));
    }
  }

  static void print(String scene, String room, EchoBenchResult r) {
    System.out.printf(
        Locale.ROOT,
        "%s, %s: %s double talk %.2f s (echo %+.1f dB over the near end): corr %.3f,"
            + " suppression %.2f dB, echo reduced %.1f dB and heard %+.1f dB from the near end;"
            + " ERLE %.1f dB, 20 dB after %d ms (linear %d ms)%n",
        scene,
        room,
        r.engine().label(),
        r.doubleTalkSeconds(),
        r.doubletalkEchoToNearDb(),
        r.doubletalkNearCorr(),
        r.doubletalkNearSuppressionDb(),
        r.doubletalkEchoReductionDb(),
        r.doubletalkResidualToNearDb(),
        r.erleDb(),
        r.convergenceMillis(),
        r.linearConvergenceMillis());
  }

  /**
   * The near end from 0.5 s, before the canceller has converged. S5 (a blind -50 dB start-up floor
   * while the far end played): corr 0.456, 50.35 dB lost. S6 (no floor; the residual gain bounded
   * by the estimated echo from the first block, overdrive 1 before convergence, a larger initial
   * step): corr 0.867, 2.90 dB lost. Living room 0.747 / 3.01, meeting room 0.650 / 1.62, hall
   * 0.522 / 1.28 dB: there the echo left before convergence lowers the correlation.
   */
  @Test
  void earlyDoubleTalkKeepsTheNearEndInTheOffice() {
    EchoBenchResult r = measure(earlyDoubleTalk("room-office-rt02", 2, 0.5));
    print("near end from 0.5 s, first 2 s", "room-office-rt02", r);
    assertThat(r.engine()).isEqualTo(ProcessingEngine.PEERVOICE_AEC);
    assertThat(r.doubleTalkSeconds()).isGreaterThan(0.5);
    assertThat(r.doubletalkNearCorr()).isGreaterThanOrEqualTo(0.8);
    assertThat(r.doubletalkNearSuppressionDb()).isLessThanOrEqualTo(3);
  }

  /**
   * The near end from 0.5 s in every room: it is not muted before the canceller converges (S5: 50.4
   * to 50.6 dB lost in every room, the start-up floor). S6: office 2.90, living room 3.01, meeting
   * room 1.62, hall 1.28 dB.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void earlyDoubleTalkLosesLittleOfTheNearEndInEveryRoom(String room) {
    EchoBenchResult r = measure(earlyDoubleTalk(room, 2, 0.5));
    print("near end from 0.5 s, first 2 s", room, r);
    assertThat(r.doubleTalkSeconds()).isGreaterThan(0.5);
    assertThat(r.doubletalkNearSuppressionDb()).isLessThanOrEqualTo(3.5);
    // the echo left before the linear filter converges: corr 0.52 (hall) to 0.87 (office)
    assertThat(r.doubletalkNearCorr()).isGreaterThanOrEqualTo(0.5);
    // what the far end hears of it (S10): the echo reduced by 13.0 / 11.3 / 7.7 / 5.8 dB, heard
    // 8.3 / 7.0 / 4.9 / 3.6 dB under the near end (office, living room, meeting room, hall)
    assertThat(r.doubletalkEchoReductionDb()).isGreaterThanOrEqualTo(5);
    assertThat(r.doubletalkResidualToNearDb()).isLessThanOrEqualTo(-3);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void loudEchoDoubleTalk(String room) {
    EchoSignals signals =
        EchoScene.builder(EchoFixtures.far())
            .near(EchoFixtures.near())
            .rir(EchoFixtures.room(room))
            .delayMillis(EchoBenchTargetsTest.ROOMS.get(room))
            .echoGainDb(10)
            .noiseDbfs(-65)
            .build()
            .mix();
    EchoBenchResult r = measure(signals);
    print("echo gain +10 dB", room, r);
    assertThat(r.engine()).isEqualTo(ProcessingEngine.PEERVOICE_AEC);
    assertThat(r.doubleTalkSeconds()).isGreaterThan(2);
    assertThat(r.doubletalkEchoToNearDb()).isGreaterThan(5);
    // peervoice-aec (S6), corr / near end lost: office 0.762 / 6.77 dB, living room 0.821 / 6.51,
    // meeting room 0.799 / 5.98, hall 0.742 / 5.32 (S5: 0.771 / 6.73, 0.830 / 6.50, 0.800 / 5.72,
    // 0.737 / 5.63; the 0.8 / 3 dB targets do not hold here)
    assertThat(r.doubletalkNearCorr()).isGreaterThanOrEqualTo(0.7);
    assertThat(r.doubletalkNearSuppressionDb()).isLessThanOrEqualTo(7.5);
    // what the far end hears (S10): the echo, 10-12 dB over the near end at the microphone, reduced
    // by 19.1-20.1 dB, so heard only 1.6 / 2.0 / 3.0 / 3.5 dB under the near end it keeps
    assertThat(r.doubletalkEchoReductionDb()).isGreaterThanOrEqualTo(18);
    assertThat(r.doubletalkResidualToNearDb()).isLessThanOrEqualTo(-1);
  }
}
