package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The full mix encoded once for every leg that is not in it, with real Opus on a fake clock: legs
 * that do not speak send the same bytes, talkers their own mix-minus, nobody hears itself (tone
 * power in each participant's decoded audio), and a listener who starts to talk switches to its own
 * encoder without a gap in what it hears.
 */
class SharedMixTest {
  private static final int F = PcmFormat.FRAME_SAMPLES;
  private static final long MS = 1_000_000L;
  private static final Map<String, Double> TONES = Map.of("a", 440.0, "b", 700.0, "c", 1_100.0);

  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final OpusSettings opus = new OpusSettings(32_000, 5, false, 0, false);
  private final AudioEncoder sharedOpus = OpusCodec.encoder(opus);
  private final AtomicLong sharedEncodings = new AtomicLong();
  private final ConferenceMixer mixer =
      new ConferenceMixer(
          "host",
          now::get,
          new ConferenceMixer.FrameEncoder() {
            @Override
            public int encode(short[] pcm, byte[] out, int offset) {
              sharedEncodings.incrementAndGet();
              return sharedOpus.encode(pcm, out, offset);
            }

            @Override
            public void close() {
              sharedOpus.close();
            }
          });
  private final List<AutoCloseable> codecs = new ArrayList<>();

  /** One leg of the host: its port, its own encoder, and the participant's decoder. */
  private final class Leg {
    final String id;
    final MixerPort port;
    final AudioEncoder own = OpusCodec.encoder(opus);
    final AudioDecoder decoder = OpusCodec.decoder();
    final List<short[]> heard = new ArrayList<>(); // decoded at the participant
    final List<byte[]> sent = new ArrayList<>();
    final List<Boolean> shared = new ArrayList<>();
    long phase;

    Leg(String id) {
      this.id = id;
      this.port = mixer.add(id);
      codecs.add(own);
      codecs.add(decoder);
    }

    /** Send tick (mix, then the shared bytes or its own encoding), then what it said arrives. */
    void tick(boolean talks) {
      short[] out = new short[F];
      port.send(new short[F], out, new short[F]);
      byte[] packet = new byte[1275];
      int n = port.takeEncoded(packet, 0);
      shared.add(n >= 0);
      if (n < 0) {
        n = own.encode(out, packet, 0);
      }
      byte[] bytes = Arrays.copyOf(packet, n);
      sent.add(bytes);
      heard.add(decoder.decode(bytes));
      short[] said = new short[F];
      if (talks) {
        double f = TONES.get(id);
        for (int k = 0; k < F; k++) {
          said[k] = (short) (8_000 * Math.sin(2 * Math.PI * f * (phase + k) / 48_000));
        }
      }
      phase += F;
      port.received(said);
    }
  }

  @AfterEach
  void close() throws Exception {
    mixer.close();
    for (AutoCloseable c : codecs) {
      c.close();
    }
  }

  @Test
  void listenersShareOneEncodingTalkersGetTheirOwnAndNobodyHearsItself() {
    Map<String, Leg> legs = new HashMap<>();
    for (String id : List.of("a", "b", "c", "d")) {
      legs.put(id, new Leg(id));
    }
    for (int t = 0; t < 200; t++) { // a and b talk; c joins them at tick 100; d only listens
      for (String id : List.of("a", "b", "c", "d")) {
        legs.get(id).tick(!id.equals("d") && (!id.equals("c") || t >= 100));
        now.addAndGet(3 * MS);
      }
      now.addAndGet(8 * MS);
    }
    Leg a = legs.get("a");
    Leg b = legs.get("b");
    Leg c = legs.get("c");
    Leg d = legs.get("d");
    // a talker's first tick came before it said anything: it heard the shared mix then
    assertThat(a.shared.subList(1, 200))
        .as("a talker encodes its own mix-minus")
        .containsOnly(false);
    assertThat(b.shared.subList(1, 200)).containsOnly(false);
    assertThat(d.shared).as("a listener always takes the shared frame").containsOnly(true);
    for (int t = 0; t < 100; t++) {
      assertThat(c.shared.get(t)).isTrue();
      assertThat(c.sent.get(t))
          .as("tick %d: bit-identical to both listeners", t)
          .isEqualTo(d.sent.get(t));
    }
    assertThat(c.shared.subList(101, 200)).as("a listener who talks").containsOnly(false);
    assertThat(sharedEncodings.get())
        .as("one encoding per frame, not one per listener")
        .isEqualTo(200);
    assertThat(mixer.stats().sharedSent()).isEqualTo(200 + 101 + 2);

    // what each participant decodes: the others, never itself
    assertHears(a, 20, 200, "b", "c");
    assertHearsNot(a, 20, 200, "a");
    assertHears(b, 120, 200, "a", "c");
    assertHearsNot(b, 20, 200, "b");
    assertHears(c, 20, 200, "a", "b");
    assertHearsNot(c, 110, 200, "c");
    assertHears(d, 120, 200, "a", "b", "c");

    // c moved from the shared encoder to its own: what it hears of a has no gap
    double steady = power(c, 80, 100, "a");
    for (int t = 95; t < 110; t++) {
      assertThat(power(c, t, t + 1, "a"))
          .as("a in c's frame %d, around the switch", t)
          .isGreaterThan(steady / 4);
    }
  }

  @Test
  void aMutedTalkerHearsTheSharedMixAndIsInNobodysAudio() {
    Leg a = new Leg("a");
    Leg b = new Leg("b");
    Leg c = new Leg("c");
    mixer.mute("c", true);
    for (int t = 0; t < 60; t++) {
      a.tick(true);
      b.tick(true);
      c.tick(true);
      now.addAndGet(20 * MS);
    }
    assertThat(c.shared.subList(1, 60))
        .as("muted: not in the mix, so it hears all of it")
        .containsOnly(true);
    assertHears(c, 20, 60, "a", "b");
    assertHearsNot(a, 20, 60, "c");
    assertHearsNot(b, 20, 60, "c");
  }

  @Test
  void aLegThatFallsSilentAfterEveryoneTalkedTakesUpTheSharedMixWhereItsOwnWas() {
    Leg a = new Leg("a");
    Leg b = new Leg("b");
    for (int t = 0; t < 200; t++) { // both talk, nobody shares; then b falls silent
      a.tick(true);
      b.tick(t < 100);
      now.addAndGet(20 * MS);
    }
    assertThat(b.shared.subList(140, 200)).as("silent 600 ms: it shares").containsOnly(true);
    assertThat(mixer.stats().skipped()).as("%s", mixer.stats()).isLessThanOrEqualTo(2);
    assertHears(b, 140, 200, "a");
  }

  private void assertHears(Leg leg, int from, int to, String... talkers) {
    for (String t : talkers) {
      assertThat(power(leg, from, to, t)).as("%s hears %s", leg.id, t).isGreaterThan(1e6);
    }
  }

  private void assertHearsNot(Leg leg, int from, int to, String talker) {
    double loudest = 0;
    for (String t : TONES.keySet()) {
      loudest = Math.max(loudest, power(leg, from, to, t));
    }
    assertThat(power(leg, from, to, talker))
        .as("%s must not hear itself", leg.id)
        .isLessThan(loudest / 100); // codec noise and leakage: ~1/750 measured
  }

  /** Mean power of {@code talker}'s tone in {@code leg}'s decoded frames [from, to) (Goertzel). */
  private static double power(Leg leg, int from, int to, String talker) {
    double w = 2 * Math.PI * TONES.get(talker) / 48_000;
    double sum = 0;
    for (int t = from; t < to; t++) {
      double s1 = 0;
      double s2 = 0;
      for (short x : leg.heard.get(t)) {
        double s0 = x + 2 * Math.cos(w) * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      sum += (s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2) / F / F;
    }
    return sum / (to - from);
  }
}
