package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The set-up breakdown of a call report: each stage computed from injected timestamps (a fake
 * monotonic clock and fake launch marks), null for the stages a call never reached.
 */
class SetupBreakdownTest {
  private static final long MS = 1_000_000L;

  /** The process started at epoch 10 000 ms; main began at 10 180 ms, i.e. 5 000 ms monotonic. */
  private final LaunchTimes launch = new LaunchTimes(10_000, 10_180, 5_000 * MS);

  private final AtomicLong now = new AtomicLong();

  private CallTimeline timeline() {
    return new CallTimeline(now::get, launch);
  }

  @Test
  void anOutgoingCallsStagesComeFromItsMarks() {
    CallTimeline t = timeline().phone(5_250 * MS, 5_400 * MS); // cli 250 ms, attach 150 ms
    now.set(5_410 * MS);
    t.begin(); // dial: 180 + 410 ms after the process started
    now.set(5_490 * MS);
    t.ringing();
    now.set(5_520 * MS);
    t.answered();

    Map<String, Long> b = t.breakdown(true, 35);

    assertThat(b)
        .containsExactly(
            Map.entry("jvm_start_ms", 180L),
            Map.entry("cli_ms", 250L),
            Map.entry("attach_ms", 150L),
            Map.entry("process_to_dial_ms", 590L),
            Map.entry("ringing_to_answer_ms", 30L),
            Map.entry("process_to_first_audio_ms", 180L + 520 + 35));
  }

  @Test
  void anIncomingCallReportsTheListenersReadyTimeAndItsOwnAnswer() {
    CallTimeline t = timeline().phone(5_300 * MS, 5_700 * MS);
    now.set(9_000 * MS);
    t.begin(); // the invite
    now.set(9_004 * MS);
    t.answered();

    Map<String, Long> b = t.breakdown(false, 20);

    assertThat(b)
        .containsExactly(
            Map.entry("jvm_start_ms", 180L),
            Map.entry("cli_ms", 300L),
            Map.entry("attach_ms", 400L),
            Map.entry("process_to_ready_ms", 880L),
            Map.entry("invite_to_answer_ms", 4L),
            Map.entry("process_to_first_audio_ms", 180L + 4_004 + 20));
  }

  @Test
  void stagesNotReachedAreNullNotZero() {
    CallTimeline t = timeline();
    now.set(5_100 * MS);
    t.begin();

    Map<String, Long> b = t.breakdown(true, -1);

    assertThat(b.get("jvm_start_ms")).isEqualTo(180L);
    assertThat(b.get("process_to_dial_ms")).isEqualTo(280L);
    assertThat(b).containsEntry("cli_ms", null).containsEntry("attach_ms", null);
    assertThat(b).containsEntry("ringing_to_answer_ms", null);
    assertThat(b).containsEntry("process_to_first_audio_ms", null);
    assertThat(new CallTimeline(now::get).breakdown(true, 10)).containsEntry("jvm_start_ms", null);
  }

  @Test
  void theProcessAgeComesFromProcStatAndUptime() {
    // field 22 (start time) is 12 345 ticks after boot; the machine has been up 130.45 s
    String stat =
        "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1 0 0 0 7 3 0 0 20 0 26 0 12345 1000 99";
    assertThat(LaunchTimes.processAgeMillis(stat, "130.45 250.00\n")).isEqualTo(7_000);
    LaunchTimes real = LaunchTimes.current();
    assertThat(real.jvmStartMillis()).isNotNegative();
    assertThat(real.sinceProcessStart(real.mainNanos())).isEqualTo(real.jvmStartMillis());
  }
}
