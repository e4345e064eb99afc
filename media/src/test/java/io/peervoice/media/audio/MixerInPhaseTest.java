package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * S9 conf: the mixer's delay with the legs ticking in one phase (as {@code session.TickPhase} runs
 * them), on a fake clock: every leg plays out at the phase's instants (its frame enters, and on the
 * clock leg the host's microphone), in any order and a few tenths of a ms apart, and sends 5 ms
 * later, in any order. Each mix then holds every frame of that instant: the mixer adds the 5 ms
 * lag, not a wait of up to a frame that depends on the legs' phases. Before S9 each leg ticked on a
 * phase of its own and sent before it played out (same-phase legs waited 20 ms for each other, mean
 * 19 ms on this model; legs at 0/5/10/15 ms: mean 10-12 ms, p95 20-26 ms).
 */
class MixerInPhaseTest {
  private static final int F = PcmFormat.FRAME_SAMPLES;
  private static final long MS = 1_000_000L;
  private static final long LAG = 5 * MS;
  private static final int LEGS = 5;

  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final ConferenceMixer mixer = new ConferenceMixer("host", now::get);
  private final MixerPort[] legs = new MixerPort[LEGS];
  private final short[][] heard = new short[LEGS][F];
  private final short[] hostHeard = new short[F];

  MixerInPhaseTest() {
    for (int i = 0; i < LEGS; i++) {
      legs[i] = mixer.add("leg" + i);
    }
    mixer.legsInPhase();
  }

  /** Leg {@code i} says {@code 1 << i} (the host 1 << 10) in every frame. */
  private static short[] said(int i) {
    short[] f = new short[F];
    Arrays.fill(f, (short) (1 << i));
    return f;
  }

  private record Half(long at, int leg, boolean send) {}

  /**
   * Runs {@code frames} ticks of the phase; leg {@code lateLeg}'s loop runs {@code lateNanos} late
   * at the ticks {@code late} picks (both its halves), every other half within 0.4 ms.
   */
  private void run(int frames, int lateLeg, long lateNanos, java.util.function.IntPredicate late) {
    Random random = new Random(17);
    for (int t = 0; t < frames; t++) {
      long instant = 1_000 * MS + t * 20 * MS;
      List<Half> halves = new ArrayList<>();
      for (int i = 0; i < LEGS; i++) {
        long shift = i == lateLeg && late.test(t) ? lateNanos : 0;
        halves.add(new Half(instant + shift + random.nextInt(400_000), i, false));
        halves.add(new Half(instant + shift + LAG + random.nextInt(400_000), i, true));
      }
      Collections.shuffle(halves, random); // ties in any order
      halves.sort((a, b) -> Long.compare(a.at(), b.at()));
      for (Half h : halves) {
        now.set(h.at());
        if (h.send()) {
          legs[h.leg()].send(null, heard[h.leg()], hostHeard);
        } else {
          legs[h.leg()].received(said(h.leg()));
          legs[h.leg()].hostMic(said(10));
        }
      }
    }
  }

  @Test
  void everyMixHoldsTheFramesOfItsInstantAfterTheLagWhateverTheOrder() {
    run(500, -1, 0, t -> false);
    ConferenceMixer.Stats s = mixer.stats();
    assertThat(s.maxDelayMillis()).as("the lag and the spread of the halves: %s", s).isLessThan(6);
    assertThat(s.meanDelayMillis()).as("%s", s).isBetween(4.5, 5.5);
    assertThat(s.p95DelayMillis()).as("%s", s).isLessThanOrEqualTo(6);
    for (int i = 0; i < LEGS; i++) {
      int others = (1 << 10) | ((1 << LEGS) - 1) & ~(1 << i);
      assertThat(heard[i])
          .as("leg %d hears the others and the host", i)
          .containsOnly((short) others);
    }
    assertThat(hostHeard).containsOnly((short) ((1 << LEGS) - 1));
    assertThat(s.underruns()).as("only the first sends, before anything was said").isLessThan(40);
  }

  @Test
  void aLegWhoseLoopRanLateIsLeftOutOfThatMixAndNobodyStaysAFrameBehindForIt() {
    Random which = new Random(5);
    boolean[] late = new boolean[1_000];
    for (int t = 0; t < late.length; t++) {
      late[t] = which.nextInt(20) == 0; // one tick in 20: 7 ms late, after the others' sends
    }
    run(late.length, 3, 7 * MS, t -> late[t]);
    ConferenceMixer.Stats s = mixer.stats();
    // before S9 (a reader trimmed a spare frame after a second) such a tick left the others a frame
    // behind leg 3 for a second: 25 ms for all its frames. Now only a frame that came late for two
    // ticks running is mixed at the next (18 ms); the rest within the lag
    assertThat(s.maxDelayMillis()).as("%s", s).isLessThan(19);
    assertThat(s.p95DelayMillis()).as("%s", s).isLessThanOrEqualTo(6);
    assertThat(s.skipped())
        .as("each late frame is skipped by the legs that missed it")
        .isPositive();
  }

  @Test
  void aLegThatAlwaysPlaysOutAfterTheSendsIsMixedAtTheNextTickWithoutGaps() {
    run(500, 2, 7 * MS, t -> true); // leg 2's loop: always 7 ms late
    long underruns = mixer.stats().underruns();
    run(500, 2, 7 * MS, t -> true);
    ConferenceMixer.Stats s = mixer.stats();
    assertThat(s.maxDelayMillis()).as("a frame after its instant, less 2 ms: %s", s).isLessThan(19);
    assertThat(s.underruns()).as("steady: no more gaps").isEqualTo(underruns);
    assertThat(s.skipped()).as("%s", s).isZero();
    for (int i = 0; i < LEGS; i++) {
      int others = (1 << 10) | ((1 << LEGS) - 1) & ~(1 << i);
      assertThat(heard[i]).as("leg %d", i).containsOnly((short) others);
    }
  }
}
