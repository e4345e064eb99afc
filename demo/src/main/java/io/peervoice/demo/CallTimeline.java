package io.peervoice.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * When one call was dialled (or began ringing, for an incoming call), rang, was answered and ended,
 * by an injected clock, and when its process started, began {@code main}, started its phone and
 * found it ready: what the status line's timer, an unanswered call's report and the report's set-up
 * breakdown show.
 */
final class CallTimeline {
  private final LongSupplier nanos;
  private final LaunchTimes launch;
  private volatile long phoneStartNanos = -1;
  private volatile long readyNanos = -1;
  private volatile long startNanos = -1;
  private volatile long ringingNanos = -1;
  private volatile long answeredNanos = -1;
  private volatile long endedNanos = -1;

  CallTimeline(LongSupplier nanos, LaunchTimes launch) {
    this.nanos = nanos;
    this.launch = launch;
  }

  CallTimeline(LongSupplier nanos) {
    this(nanos, null);
  }

  CallTimeline() {
    this(System::nanoTime, LaunchTimes.current());
  }

  /** The phone was started at {@code startNanos} and was ready at {@code readyNanos}. */
  CallTimeline phone(long startNanos, long readyNanos) {
    this.phoneStartNanos = startNanos;
    this.readyNanos = readyNanos;
    return this;
  }

  /** The call starts now: we dial (outgoing) or the invite arrived (incoming). */
  CallTimeline begin() {
    if (startNanos < 0) {
      startNanos = nanos.getAsLong();
    }
    return this;
  }

  /** The callee's phone rings (outgoing calls). */
  void ringing() {
    if (ringingNanos < 0) {
      ringingNanos = nanos.getAsLong();
    }
  }

  void answered() {
    if (answeredNanos < 0) {
      answeredNanos = nanos.getAsLong();
    }
  }

  void ended() {
    if (endedNanos < 0) {
      endedNanos = nanos.getAsLong();
    }
  }

  boolean isAnswered() {
    return answeredNanos >= 0;
  }

  /** From the dial (or the ring) to the answer, the end, or now: how long it rang. */
  long ringingMillis() {
    if (startNanos < 0) {
      return 0;
    }
    long until =
        answeredNanos >= 0 ? answeredNanos : endedNanos >= 0 ? endedNanos : nanos.getAsLong();
    return (until - startNanos) / 1_000_000;
  }

  /**
   * The set-up breakdown, in milliseconds, null where a stage was not reached: {@code jvm_start_ms}
   * (process start to {@code main}), {@code cli_ms} ({@code main} to the phone's start), {@code
   * attach_ms} (the phone's start to ready: attached to the overlay), {@code process_to_dial_ms}
   * (outgoing) or {@code process_to_ready_ms} (incoming), {@code ringing_to_answer_ms} (outgoing:
   * the callee ringing to its answer reaching us) or {@code invite_to_answer_ms} (incoming), and
   * {@code process_to_first_audio_ms} (process start to the first decoded frame, from {@code
   * answerToFirstAudioMillis}).
   */
  Map<String, Long> breakdown(boolean outgoing, long answerToFirstAudioMillis) {
    Map<String, Long> b = new LinkedHashMap<>();
    b.put("jvm_start_ms", launch == null ? null : launch.jvmStartMillis());
    b.put("cli_ms", launch == null ? null : between(launch.mainNanos(), phoneStartNanos));
    b.put("attach_ms", between(phoneStartNanos, readyNanos));
    if (outgoing) {
      b.put("process_to_dial_ms", sinceProcessStart(startNanos));
      b.put("ringing_to_answer_ms", between(ringingNanos, answeredNanos));
    } else {
      b.put("process_to_ready_ms", sinceProcessStart(readyNanos));
      b.put("invite_to_answer_ms", between(startNanos, answeredNanos));
    }
    Long answered = sinceProcessStart(answeredNanos);
    b.put(
        "process_to_first_audio_ms",
        answered == null || answerToFirstAudioMillis < 0
            ? null
            : answered + answerToFirstAudioMillis);
    return b;
  }

  private static Long between(long from, long to) {
    return from < 0 || to < 0 ? null : (to - from) / 1_000_000;
  }

  private Long sinceProcessStart(long at) {
    return launch == null || at < 0 ? null : launch.sinceProcessStart(at);
  }
}
