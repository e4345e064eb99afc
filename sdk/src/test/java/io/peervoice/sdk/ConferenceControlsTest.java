package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.ConferenceMixer;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.ToneSource;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host's per-participant controls and the speaking flags, in process through three real nodes
 * with real phones: each phone says a tone of its own (or nothing) and each measures, per 20 ms
 * frame, how loud each tone is in what it hears. Muting by PeerId (the host's own mic included)
 * silences exactly that member for the others and shows in their roster; a volume scales what the
 * others hear by its factor; a participant's roster (the host's signed conference state) says who
 * speaks and how loud.
 */
class ConferenceControlsTest {
  private static final double HOST_HZ = 600; // exact DFT bins of a 20 ms frame (50 Hz apart)
  private static final double BOB_HZ = 1_000;
  private static final double CAROL_HZ = 1_400;
  private static final double[] TONES = {HOST_HZ, BOB_HZ, CAROL_HZ};
  private static final double TONE_DBFS = -12; // peak; its RMS is -15 dBov

  private final SecureRandom random = new SecureRandom();
  private final PhoneLab lab = new PhoneLab();
  private final Map<PeerId, Call> incoming = new ConcurrentHashMap<>();

  ConferenceControlsTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  /** What a phone hears: per frame, each of {@link #TONES} as a peak level in dBFS. */
  static final class Ear implements AudioSink {
    private final List<double[]> frames = new ArrayList<>();

    @Override
    public synchronized void write(short[] frame) {
      double[] levels = new double[TONES.length];
      for (int i = 0; i < TONES.length; i++) {
        levels[i] = toneDbfs(frame, TONES[i]);
      }
      frames.add(levels);
    }

    synchronized void reset() {
      frames.clear();
    }

    synchronized int frames() {
      return frames.size();
    }

    /** The median level of {@code hz} over the frames since the last reset. */
    synchronized double median(double hz) {
      int i = Arrays.binarySearch(TONES, hz);
      return frames.stream()
          .mapToDouble(l -> l[i])
          .sorted()
          .skip(frames.size() / 2)
          .findFirst()
          .orElseThrow();
    }

    /** The peak level of the sine at {@code hz} in {@code frame} (one DFT bin), in dBFS. */
    static double toneDbfs(short[] frame, double hz) {
      double re = 0;
      double im = 0;
      for (int k = 0; k < frame.length; k++) {
        double w = 2 * Math.PI * hz * k / PcmFormat.SAMPLE_RATE;
        re += frame[k] * Math.cos(w);
        im += frame[k] * Math.sin(w);
      }
      double amplitude = 2 * Math.hypot(re, im) / frame.length;
      return 20 * Math.log10(Math.max(amplitude, 1e-3) / Short.MAX_VALUE);
    }
  }

  /** A phone saying what {@code source} makes for each call, hearing into {@code ear}. */
  private Phone phone(Function<Call, AudioSource> source, Ear ear) throws Exception {
    Identity id = Identity.generate(random);
    return lab.phone(
        id,
        b ->
            b.audioSource(source)
                .audioSink(call -> ear)
                .listeners(
                    call ->
                        new CallListener() {
                          @Override
                          public void onRinging(Call c) {
                            if (c.direction() == CallDirection.INCOMING) {
                              incoming.put(id.peerId(), c);
                              c.answer();
                            }
                          }
                        }));
  }

  private static Function<Call, AudioSource> tone(double hz) {
    return call -> ToneSource.continuous(hz, TONE_DBFS);
  }

  private static Function<Call, AudioSource> silent() {
    return call -> AudioSource.silence();
  }

  private static Call answered(Phone host, Phone peer) throws Exception {
    Call c = host.call(peer.id());
    c.mediaStarted().get(20, TimeUnit.SECONDS);
    return c;
  }

  /** {@code peer}'s entry in what {@code side} was last told, if listed. */
  private static Conference.Member member(Call side, PeerId peer) {
    return side.conference().stream().filter(m -> m.peer().equals(peer)).findFirst().orElse(null);
  }

  /** How loud {@code hz} is in what {@code ear} hears from now on: a median over a second. */
  private static double hears(Ear ear, double hz) {
    ear.reset(); // what was on its way before lets the jitter buffer drain
    await().atMost(Duration.ofSeconds(10)).until(() -> ear.frames() >= 15);
    ear.reset();
    await().atMost(Duration.ofSeconds(10)).until(() -> ear.frames() >= 50);
    return ear.median(hz);
  }

  @Test
  void theHostMutesItsOwnMicAndAParticipantByPeerIdAndTheRosterSaysSo() throws Exception {
    Ear hostEar = new Ear();
    Ear bobEar = new Ear();
    Phone host = phone(tone(HOST_HZ), hostEar);
    Phone bob = phone(silent(), bobEar);
    Phone carol = phone(tone(CAROL_HZ), new Ear());
    Conference conf = host.conference(answered(host, bob), answered(host, carol));
    Call bobSide = incoming.get(bob.id());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bobSide.conference().size() == 3 && member(bobSide, carol.id()).speaking());
    assertThat(hears(bobEar, HOST_HZ)).as("bob hears the host").isGreaterThan(-20);
    assertThat(hears(bobEar, CAROL_HZ)).as("bob hears carol").isGreaterThan(-20);

    conf.mute(host.id(), true); // the host's own PeerId: its microphone
    await().atMost(Duration.ofSeconds(10)).until(() -> member(bobSide, host.id()).muted());
    assertThat(bobSide.conference().get(0).host()).isTrue();
    assertThat(member(bobSide, carol.id()).muted()).isFalse();
    assertThat(hears(bobEar, HOST_HZ)).as("the host's mic is muted").isLessThan(-50);
    assertThat(hears(bobEar, CAROL_HZ)).as("carol is still heard").isGreaterThan(-20);
    assertThat(hears(hostEar, CAROL_HZ)).as("the muted host still hears carol").isGreaterThan(-20);

    conf.mute(carol.id(), true);
    await().atMost(Duration.ofSeconds(10)).until(() -> member(bobSide, carol.id()).muted());
    assertThat(hears(bobEar, CAROL_HZ)).as("carol is muted").isLessThan(-50);
    assertThat(hears(hostEar, CAROL_HZ)).as("nobody hears a muted member").isLessThan(-50);

    conf.mute(host.id(), false);
    await().atMost(Duration.ofSeconds(10)).until(() -> !member(bobSide, host.id()).muted());
    assertThat(member(bobSide, carol.id()).muted()).isTrue();
    assertThat(hears(bobEar, HOST_HZ)).as("the host's mic again").isGreaterThan(-20);
    conf.hangup();
  }

  @Test
  void aVolumeScalesWhatTheOthersHearAndBadValuesOrStrangersAreRefused() throws Exception {
    Ear carolEar = new Ear();
    Phone host = phone(silent(), new Ear());
    Phone bob = phone(tone(BOB_HZ), new Ear());
    Phone carol = phone(silent(), carolEar);
    Conference conf = host.conference(answered(host, bob), answered(host, carol));
    Call carolSide = incoming.get(carol.id());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> carolSide.conference().size() == 3 && member(carolSide, bob.id()).speaking());
    double full = hears(carolEar, BOB_HZ);
    assertThat(full).as("bob as he speaks, through Opus twice").isBetween(-14.0, -10.0);

    conf.volume(bob.id(), 0.25); // -12.04 dB
    double quarter = hears(carolEar, BOB_HZ);
    System.out.printf("carol hears bob at %.2f dBFS, at volume 0.25 %.2f%n", full, quarter);
    assertThat(full - quarter).as("a quarter of the amplitude").isCloseTo(12.04, within(1.5));

    for (double bad : new double[] {-0.1, 4.01, Double.NaN}) {
      assertThatThrownBy(() -> conf.volume(bob.id(), bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0..4");
    }
    PeerId stranger = Identity.generate(random).peerId();
    assertThatThrownBy(() -> conf.volume(stranger, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not in the conference: " + stranger);
    assertThat(hears(carolEar, BOB_HZ))
        .as("refused volumes left bob's as it was")
        .isCloseTo(quarter, within(1.5));
    conf.hangup();
  }

  @Test
  void aParticipantsRosterTellsWhoIsSpeakingAndHowLoud() throws Exception {
    AtomicBoolean bobTalks = new AtomicBoolean(true);
    Phone host = phone(silent(), new Ear());
    Phone bob =
        phone(
            call -> {
              ToneSource tone = ToneSource.continuous(BOB_HZ, TONE_DBFS);
              return frame -> {
                tone.read(frame);
                if (!bobTalks.get()) {
                  Arrays.fill(frame, (short) 0);
                }
                return true;
              };
            },
            new Ear());
    Phone carol = phone(silent(), new Ear());
    host.conference(answered(host, bob), answered(host, carol));
    Call carolSide = incoming.get(carol.id());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> carolSide.conference().size() == 3 && member(carolSide, bob.id()).speaking());
    Conference.Member bobAtCarol = member(carolSide, bob.id());
    assertThat(bobAtCarol.levelDbov()).as("a -15 dBov tone, in whole dB").isBetween(-18.0, -12.0);
    for (PeerId quiet : List.of(host.id(), carol.id())) {
      Conference.Member m = member(carolSide, quiet);
      assertThat(m.speaking()).as("%s says nothing", quiet).isFalse();
      assertThat(m.levelDbov()).isLessThan(ConferenceMixer.SPEAKING_DBOV);
    }
    assertThat(member(carolSide, host.id()).host()).isTrue();

    bobTalks.set(false); // after the 600 ms hangover, within a state or two
    await().atMost(Duration.ofSeconds(10)).until(() -> !member(carolSide, bob.id()).speaking());
    assertThat(member(carolSide, bob.id()).levelDbov()).isLessThan(ConferenceMixer.SPEAKING_DBOV);
  }
}
