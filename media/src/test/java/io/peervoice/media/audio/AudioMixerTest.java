package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AudioMixerTest {
  private static final int F = PcmFormat.FRAME_SAMPLES;

  private static AudioSource constant(int value) {
    return frame -> {
      Arrays.fill(frame, (short) value);
      return true;
    };
  }

  private static short[] frameOf(int value) {
    short[] f = new short[F];
    Arrays.fill(f, (short) value);
    return f;
  }

  private static final class Heard implements AudioSink {
    final List<short[]> frames = new ArrayList<>();

    @Override
    public void write(short[] frame) {
      frames.add(frame.clone());
    }

    short[] last() {
      return frames.get(frames.size() - 1);
    }
  }

  @Test
  void eachParticipantHearsExactlyTheSumOfTheOthers() {
    AudioMixer mixer = new AudioMixer();
    Heard alice = new Heard();
    Heard bob = new Heard();
    Heard carol = new Heard();
    mixer.add("alice", constant(100), alice);
    mixer.add("bob", constant(2000), bob);
    mixer.add("carol", constant(-300), carol);

    AudioMixer.Mix mix = mixer.tick();

    assertThat(alice.last()).hasSize(F).containsOnly((short) 1700);
    assertThat(bob.last()).containsOnly((short) -200);
    assertThat(carol.last()).containsOnly((short) 2100);
    assertThat(mix.all()).hasSize(F).containsOnly((short) 1800);
    assertThat(mix.minus("bob")).isSameAs(mix.minus().get("bob"));
    assertThat(mix.minus().keySet()).containsExactly("alice", "bob", "carol");
  }

  @Test
  void clippingSaturatesInsteadOfWrappingRound() {
    Map<String, short[]> frames = new LinkedHashMap<>();
    frames.put("a", frameOf(20000));
    frames.put("b", frameOf(20000));
    frames.put("c", frameOf(20000));
    AudioMixer.Mix loud = AudioMixer.mix(frames);
    // 20000 + 20000 = 40000 would wrap to -25536 in 16 bits
    assertThat(loud.minus("a")).containsOnly(Short.MAX_VALUE);
    assertThat(loud.all()).containsOnly(Short.MAX_VALUE);

    frames.put("a", frameOf(-20000));
    frames.put("b", frameOf(-20000));
    frames.put("c", frameOf(0));
    assertThat(AudioMixer.mix(frames).minus("c")).containsOnly(Short.MIN_VALUE);
  }

  @Test
  void mixMinusSubtractsFromTheExactSumNotTheClippedOne() {
    Map<String, short[]> frames = new LinkedHashMap<>();
    frames.put("a", frameOf(30000));
    frames.put("b", frameOf(30000));
    frames.put("c", frameOf(-30000));
    AudioMixer.Mix mix = AudioMixer.mix(frames);
    assertThat(mix.all()).containsOnly((short) 30000);
    assertThat(mix.minus("a")).containsOnly((short) 0);
    assertThat(mix.minus("b")).containsOnly((short) 0);
    assertThat(mix.minus("c")).containsOnly(Short.MAX_VALUE);
    assertThat(frames.get("c")).containsOnly((short) -30000);
  }

  @Test
  void participantsJoinAndLeaveBetweenTicks() {
    AudioMixer mixer = new AudioMixer();
    Heard alice = new Heard();
    Heard bob = new Heard();
    Heard carol = new Heard();
    mixer.add("alice", constant(1), alice);
    mixer.add("bob", constant(10), bob);
    mixer.tick();
    assertThat(alice.last()).containsOnly((short) 10);

    mixer.add("carol", constant(100), carol);
    mixer.tick();
    assertThat(alice.last()).containsOnly((short) 110);
    assertThat(carol.last()).containsOnly((short) 11);

    assertThat(mixer.remove("bob")).isTrue();
    assertThat(mixer.remove("bob")).isFalse();
    AudioMixer.Mix mix = mixer.tick();
    assertThat(alice.last()).containsOnly((short) 100);
    assertThat(carol.last()).containsOnly((short) 1);
    assertThat(bob.frames).hasSize(2);
    assertThat(mix.minus()).doesNotContainKey("bob");
    assertThatThrownBy(() -> mix.minus("bob")).isInstanceOf(IllegalArgumentException.class);
    assertThat(mixer.participants()).containsExactly("alice", "carol");
    assertThatThrownBy(() -> mixer.add("alice", constant(0), alice)).hasMessageContaining("alice");
  }

  @Test
  void anEndedSourceCountsAsSilenceAndAnEmptyMixerIsSilent() {
    AudioMixer mixer = new AudioMixer();
    assertThat(mixer.tick().all()).hasSize(F).containsOnly((short) 0);
    Heard alice = new Heard();
    mixer.add("alice", constant(5), alice);
    mixer.add(
        "gone",
        frame -> {
          Arrays.fill(frame, (short) 999);
          return false;
        },
        new Heard());
    mixer.tick();
    assertThat(alice.last()).containsOnly((short) 0);
  }

  @Test
  void framesMustShareALength() {
    Map<String, short[]> frames = new LinkedHashMap<>();
    frames.put("a", new short[F]);
    frames.put("b", new short[F - 1]);
    assertThatThrownBy(() -> AudioMixer.mix(frames)).hasMessageContaining("b's frame");
  }
}
