package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The conference bus on a fake clock: mix-minus, the host's audio, delay, mute, hold, levels. */
class ConferenceMixerTest {
  private static final int F = PcmFormat.FRAME_SAMPLES;
  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final ConferenceMixer mixer = new ConferenceMixer("host", now::get);

  private static short[] frameOf(int value) {
    short[] f = new short[F];
    Arrays.fill(f, (short) value);
    return f;
  }

  /** One leg's tick as CallMedia runs it: send first, then playout. */
  private short[] tick(MixerPort leg, int says, int hostSays, short[] hostHeard) {
    short[] out = new short[F];
    leg.send(frameOf(hostSays), out, hostHeard);
    leg.received(frameOf(says));
    return out;
  }

  @Test
  void eachLegHearsTheOthersAndTheHostNeverItselfAndTheHostHearsAll() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    MixerPort c = mixer.add("c");
    short[] hostHeard = new short[F];
    short[] heardA = null;
    short[] heardB = null;
    short[] heardC = null;
    for (int t = 0; t < 5; t++) { // a at 0 ms, b at 5 ms, c at 12 ms of each frame
      heardA = tick(a, 100, 7, hostHeard);
      now.addAndGet(5 * MS);
      heardB = tick(b, 1_000, 7, new short[F]);
      now.addAndGet(7 * MS);
      heardC = tick(c, 10_000, 7, new short[F]);
      now.addAndGet(8 * MS);
    }
    assertThat(heardA).containsOnly((short) (1_000 + 10_000 + 7));
    assertThat(heardB).containsOnly((short) (100 + 10_000 + 7));
    assertThat(heardC).containsOnly((short) (100 + 1_000 + 7));
    assertThat(hostHeard).containsOnly((short) (100 + 1_000 + 10_000));
    ConferenceMixer.Stats stats = mixer.stats();
    assertThat(stats.maxDelayMillis()).as("at most one frame: %s", stats).isLessThanOrEqualTo(20);
    assertThat(stats.skipped()).isZero();
    // only the first tick of each (nothing said yet) underran
    assertThat(stats.underruns()).isLessThanOrEqualTo(8);
  }

  @Test
  void legsTickingAtTheSameMomentInEitherOrderSettleWithoutGrowingDelay() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    java.util.Random random = new java.util.Random(7);
    for (int t = 0; t < 500; t++) {
      boolean aFirst = random.nextBoolean();
      tick(aFirst ? a : b, 1, 0, new short[F]);
      now.addAndGet(random.nextInt(2) * MS / 2); // scheduling jitter
      tick(aFirst ? b : a, 1, 0, new short[F]);
      now.addAndGet(20 * MS);
    }
    ConferenceMixer.Stats stats = mixer.stats();
    assertThat(stats.framesMixed()).as("%s", stats).isGreaterThan(950);
    assertThat(stats.underruns() + stats.skipped()).as("%s", stats).isLessThan(20);
    // one frame plus the scheduling jitter of both ticks
    assertThat(stats.maxDelayMillis()).as("%s", stats).isLessThanOrEqualTo(21);
  }

  @Test
  void aReaderLeftAFrameBehindByALateTickComesBackToTheSmallestDelay() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    int firstFresh = -1;
    for (int t = 1; t < 100; t++) {
      short[] heard;
      if (t == 10) { // a's tick runs late, after b's: b finds nothing new from a
        now.addAndGet(5 * MS);
        heard = tick(b, 0, 0, new short[F]);
        tick(a, t, 0, new short[F]);
        now.addAndGet(15 * MS);
      } else {
        tick(a, t, 0, new short[F]);
        now.addAndGet(5 * MS);
        heard = tick(b, 0, 0, new short[F]);
        now.addAndGet(15 * MS);
      }
      if (t == 12) {
        assertThat(heard).as("a frame behind after the late tick").containsOnly((short) (t - 1));
      }
      if (t > 12 && firstFresh < 0 && heard[0] == t) {
        firstFresh = t;
      }
    }
    assertThat(firstFresh)
        .as("back to a's newest frame after a second")
        .isBetween(12 + ConferenceMixer.TRIM_READS - 2, 12 + ConferenceMixer.TRIM_READS + 2);
    // one frame of a's, and one of the host's, whose audio a's tick carries
    assertThat(mixer.stats().skipped()).isEqualTo(2);
  }

  @Test
  void aReaderFarBehindSkipsToTheNewestFrame() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    for (int t = 0; t < 10; t++) {
      a.received(frameOf(t));
      now.addAndGet(20 * MS);
    }
    short[] out = new short[F];
    b.send(frameOf(0), out, new short[F]);
    assertThat(out).containsOnly((short) 9);
    // b's, and the host's: b, the only leg that ticks, carries the host's audio
    assertThat(mixer.stats().skipped()).isEqualTo(18);
  }

  @Test
  void muteIsolationAndGainChangeOnlyWhatTheyShould() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    MixerPort c = mixer.add("c");
    mixer.mute("a", true);
    mixer.isolate("c", true);
    mixer.gain("b", 0.5);
    short[] hostHeard = new short[F];
    tick(a, 100, 40, hostHeard);
    tick(b, 1_000, 0, new short[F]);
    tick(c, 3_000, 0, new short[F]);
    now.addAndGet(20 * MS);
    short[] heardA = tick(a, 100, 40, hostHeard);
    short[] heardB = tick(b, 1_000, 0, new short[F]);
    short[] heardC = tick(c, 3_000, 0, new short[F]);
    assertThat(heardA).as("b at half gain, the host; c is held").containsOnly((short) 540);
    assertThat(heardB).as("a is muted").containsOnly((short) 40);
    assertThat(heardC).as("a held leg hears nothing").containsOnly((short) 0);
    assertThat(hostHeard).containsOnly((short) 500);
    assertThatThrownBy(() -> mixer.gain("b", 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> mixer.mute("z", true)).hasMessageContaining("not in the conference");
  }

  @Test
  void theHostsMutedMicIsInNoLegsMixAndTheHostStillHearsEveryLeg() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    MixerPort c = mixer.add("c");
    mixer.mute("host", true); // the host's own id: its microphone
    short[] hostHeard = new short[F];
    short[] heardA = null;
    short[] heardB = null;
    short[] heardC = null;
    for (int t = 0; t < 3; t++) {
      heardA = tick(a, 100, 7, hostHeard); // a clocks the host's audio
      heardB = tick(b, 1_000, 7, new short[F]);
      heardC = tick(c, 10_000, 7, new short[F]);
      now.addAndGet(20 * MS);
    }
    assertThat(heardA).as("b and c, not the host").containsOnly((short) 11_000);
    assertThat(heardB).containsOnly((short) 10_100);
    assertThat(heardC).containsOnly((short) 1_100);
    assertThat(hostHeard).as("the host hears every leg").containsOnly((short) 11_100);
    assertThat(mixer.levels().get(0))
        .satisfies(l -> assertThat(l.id()).isEqualTo("host"))
        .satisfies(l -> assertThat(l.muted()).isTrue());

    mixer.mute("host", false);
    heardA = tick(a, 100, 7, hostHeard);
    heardB = tick(b, 1_000, 7, new short[F]);
    assertThat(heardA).as("the host's mic again").containsOnly((short) 11_007);
    assertThat(heardB).containsOnly((short) 10_107);
  }

  @Test
  void levelsTellWhoIsSpeakingAndForgetIt() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    tick(a, 3_000, 0, new short[F]);
    tick(b, 3, 0, new short[F]);
    var levels = mixer.levels();
    assertThat(levels).extracting(ConferenceMixer.Level::id).containsExactly("host", "a", "b");
    assertThat(levels.get(1).speaking()).isTrue();
    assertThat(levels.get(1).levelDbov()).isBetween(-21.0, -20.5);
    assertThat(levels.get(2).speaking()).isFalse();
    assertThat(levels.get(0).speaking()).as("the host said nothing").isFalse();
    now.addAndGet(700 * MS);
    assertThat(mixer.levels().get(1).speaking()).isFalse();
  }

  @Test
  void whenTheFirstLegLeavesTheNextCarriesTheHostsAudio() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    assertThat(a.send(frameOf(1), new short[F], new short[F])).isTrue();
    assertThat(b.send(frameOf(1), new short[F], new short[F])).isFalse();
    assertThat(mixer.remove("a")).isTrue();
    assertThat(mixer.remove("host")).as("the host stays").isFalse();
    assertThat(a.send(frameOf(1), new short[F], new short[F])).isFalse();
    assertThat(b.send(frameOf(1), new short[F], new short[F])).isTrue();
    assertThat(mixer.legs()).containsExactly("b");
  }

  @Test
  void theBusIsBounded() {
    for (int i = 1; i < ConferenceMixer.MAX_PORTS; i++) {
      mixer.add("leg" + i);
    }
    assertThatThrownBy(() -> mixer.add("one-more")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> mixer.add("leg1")).isInstanceOf(IllegalArgumentException.class);
    mixer.remove("leg3");
    assertThat(mixer.add("again").id()).isEqualTo("again");
  }

  @Test
  void aStalledOrIsolatedFirstLegHandsTheHostsAudioOnAndTakesItBack() {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    assertThat(a.send(frameOf(1), new short[F], new short[F])).isTrue();
    assertThat(b.send(frameOf(1), new short[F], new short[F])).isFalse();
    now.addAndGet(41 * MS); // a stalls: over two frames without a tick
    assertThat(b.send(frameOf(1), new short[F], new short[F])).as("b takes over").isTrue();
    assertThat(a.clocks()).isFalse();
    assertThat(a.send(frameOf(1), new short[F], new short[F])).as("a ticks again").isTrue();
    mixer.isolate("a", true); // held
    assertThat(a.send(frameOf(1), new short[F], new short[F])).isFalse();
    assertThat(b.send(frameOf(1), new short[F], new short[F])).isTrue();
    assertThat(b.clocks()).isTrue();
  }

  @Test
  void twoLegsTickingOnTwoThreadsCountEveryReadOnce() throws Exception {
    MixerPort a = mixer.add("a");
    MixerPort b = mixer.add("b");
    int ticks = 2_000;
    java.util.concurrent.atomic.AtomicLong clocked = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
    MixerPort[] ports = {a, b};
    Thread[] threads = new Thread[2];
    for (int n = 0; n < 2; n++) {
      MixerPort leg = ports[n];
      int says = 100 * (n + 1);
      threads[n] =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int t = 0; t < ticks; t++) {
                  short[] out = new short[F];
                  if (leg.send(frameOf(7), out, new short[F])) {
                    clocked.incrementAndGet();
                  }
                  leg.received(frameOf(says));
                }
              });
      threads[n].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    ConferenceMixer.Stats stats = mixer.stats();
    // every send reads the other leg and the host once, every clocked tick mixes both legs for
    // the host: each read is either mixed or an underrun (nobody muted)
    long reads = 2L * ticks * 2 + clocked.get() * 2;
    assertThat(stats.framesMixed() + stats.underruns()).as("%s", stats).isEqualTo(reads);
    assertThat(clocked.get())
        .as("a, first and recent, clocks each of its ticks")
        .isGreaterThanOrEqualTo(ticks);
    assertThat(mixer.levels().get(1).levelDbov()).isGreaterThan(-127);
  }
}
