package io.peervoice.media.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.AudioProcessors;
import io.peervoice.media.processing.ProcessingEngine;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14's echo targets, on the committed rooms ({@code media/tools/make-echo-bench.py}) with the
 * engine calls use ({@link AudioProcessors#open(AudioProcessing)}, settings as {@code peervoice
 * bench aec} has them by default: echo cancellation, moderate noise suppression, high-pass, no gain
 * control): 9 s of far-end speech, a near-end talker from 4.5 s (double talk with the echo at about
 * the near end's level), -65 dBFS noise, each room with its own playout-to-capture delay. Each room
 * is run once; the figures are printed (docs/echo-bench.md has them). The engine calls use is
 * {@code peervoice-aec}; the test asserts it is the one measured, so a fallback to another engine
 * fails here rather than passing or failing on another engine's figures.
 */
class EchoBenchTargetsTest {
  /** Room and its playout-to-capture delay in ms. */
  static final Map<String, Integer> ROOMS = new LinkedHashMap<>();

  static {
    ROOMS.put("room-office-rt02", 40);
    ROOMS.put("room-living-rt04", 60);
    ROOMS.put("room-meeting-rt06", 100);
    ROOMS.put("room-hall-rt08", 150);
  }

  static final Map<String, EchoBenchResult> RESULTS = new LinkedHashMap<>();

  static AudioProcessing settings() {
    return AudioProcessing.defaults().withGainControl(false);
  }

  @BeforeAll
  static void runEveryRoom() {
    for (Map.Entry<String, Integer> room : ROOMS.entrySet()) {
      EchoSignals signals =
          EchoScene.builder(EchoFixtures.far())
              .near(EchoFixtures.near())
              .rir(EchoFixtures.room(room.getKey()))
              .delayMillis(room.getValue())
              .noiseDbfs(-65)
              .build()
              .mix();
      EchoBenchResult r;
      try (AudioProcessor processor = AudioProcessors.open(settings())) {
        r = EchoMetrics.measure(signals, EchoBench.run(signals, processor));
      }
      RESULTS.put(room.getKey(), r);
      System.out.printf(
          Locale.ROOT,
          "%s, %d ms: %s ERLE %.1f dB (after 2 s %.1f), 20 dB after %d ms; double talk (echo"
              + " %+.1f dB over the near end): corr %.3f, suppression %.1f dB; CPU %.2f%%%n",
          room.getKey(),
          room.getValue(),
          r.engine().label(),
          r.erleDb(),
          r.erleAfter2sDb(),
          r.convergenceMillis(),
          r.doubletalkEchoToNearDb(),
          r.doubletalkNearCorr(),
          r.doubletalkNearSuppressionDb(),
          r.cpuPercent());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void aRealEngineRuns(String room) {
    assertThat(RESULTS.get(room).engine())
        .as("calls would run without echo cancellation here: " + AudioProcessors.availability())
        .isNotEqualTo(ProcessingEngine.NONE);
    assertThat(RESULTS.get(room).singleTalkSeconds()).isGreaterThan(3);
    assertThat(RESULTS.get(room).doubleTalkSeconds()).isGreaterThan(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void theEngineCallsUseIsMeasured(String room) {
    assertThat(RESULTS.get(room).engine()).isEqualTo(ProcessingEngine.PEERVOICE_AEC);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void convergesTo20DecibelsWithinOneSecond(String room) {
    assertThat(RESULTS.get(room).convergenceMillis()).isBetween(0, 1_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void theLinearCancellersOwnConvergenceIsReported(String room) {
    // the linear canceller alone (before the residual suppressor); since S6 convergence_ms is the
    // whole stage's without a start-up floor (260-760 ms), this is the linear part of it
    EchoBenchResult r = RESULTS.get(room);
    System.out.printf(
        Locale.ROOT, "%s: linear 20 dB after %d ms%n", room, r.linearConvergenceMillis());
    // peervoice-aec (S6): office 4136 ms, living room 5712 ms; meeting room, hall: never within
    // the 9 s (-1), the linear stage's own ERLE over 200 ms of speech stays under 20 dB there
    // (S5: office 2528 ms, the others -1)
    assertThat(r.hasLinearStage()).isTrue();
    assertThat(r.linearConvergenceMillis() == -1 || r.linearConvergenceMillis() > 1_000)
        .as("linear %d ms is not the suppressor's floor", r.linearConvergenceMillis())
        .isTrue();
    if (room.equals("room-office-rt02")) {
      assertThat(r.linearConvergenceMillis()).isBetween(1_000, 6_000);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void erleAfterTwoSecondsIsAtLeast30Decibels(String room) {
    // peervoice-aec (S6): office 39.9, living room 40.8, meeting room 36.9, hall 36.4 dB
    assertThat(RESULTS.get(room).erleAfter2sDb()).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void doubleTalkKeepsTheNearEnd(String room) {
    // peervoice-aec: 0.87-0.90 and 2.1-2.4 dB (webrtc-aec3 tuned: 0.67-0.72, 4.6-7.0 dB)
    assertThat(RESULTS.get(room).doubletalkNearCorr()).isGreaterThanOrEqualTo(0.8);
    assertThat(RESULTS.get(room).doubletalkNearSuppressionDb()).isLessThanOrEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"})
  void doubleTalkLeavesTheEchoWellUnderTheNearEnd(String room) {
    // S10, peervoice-aec: the echo (at the near end's level) reduced by 11.0-12.9 dB in double
    // talk and heard 8.1-9.4 dB under the near end (no processing: 0 dB, +0.2 to +1.9 dB)
    assertThat(RESULTS.get(room).doubletalkEchoReductionDb()).isGreaterThanOrEqualTo(10);
    assertThat(RESULTS.get(room).doubletalkResidualToNearDb()).isLessThanOrEqualTo(-7);
  }
}
