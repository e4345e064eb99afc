package io.peervoice.media.audio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.audio.AudioCapture;
import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevice.Kind;
import io.peervoice.media.audio.AudioDeviceException;
import io.peervoice.media.audio.AudioDeviceException.Reason;
import io.peervoice.media.audio.AudioPlayback;
import io.peervoice.media.audio.internal.FakeSound.FakeLine;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import org.junit.jupiter.api.Test;

class JavaSoundDevicesTest {
  private static final AudioFormat MONO = JavaSoundDevices.format(1);
  private static final AudioFormat STEREO = JavaSoundDevices.format(2);
  private static final AudioFormat CD = new AudioFormat(44100, 16, 2, true, false);

  private static JavaSoundDevices devices(Mixer... mixers) {
    return new JavaSoundDevices(() -> List.of(mixers), false);
  }

  private static Reason reasonOf(ThrowingOpen open) {
    try {
      open.run();
    } catch (AudioDeviceException e) {
      return e.reason();
    }
    throw new AssertionError("opened");
  }

  private interface ThrowingOpen {
    void run() throws AudioDeviceException;
  }

  @Test
  void theLineFormatIsFortyEightKilohertzSigned16BitLittleEndian() {
    assertThat(MONO.getSampleRate()).isEqualTo(48000f);
    assertThat(MONO.getSampleSizeInBits()).isEqualTo(16);
    assertThat(MONO.getChannels()).isEqualTo(1);
    assertThat(MONO.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
    assertThat(MONO.isBigEndian()).isFalse();
  }

  @Test
  void listsEachMixerOnceForEachDirectionItSupports() {
    JavaSoundDevices d =
        devices(
            FakeSound.mixer("Headset", List.of(MONO), List.of(MONO), new FakeLine()),
            FakeSound.mixer("Speakers", List.of(), List.of(STEREO), new FakeLine()),
            FakeSound.mixer("Port", List.of(), List.of(), new FakeLine()));
    AudioDevice.Format mono = new AudioDevice.Format("PCM_SIGNED", 48_000, 16, 1, false);
    AudioDevice.Format stereo = new AudioDevice.Format("PCM_SIGNED", 48_000, 16, 2, false);
    assertThat(d.list())
        .containsExactly(
            new AudioDevice("Headset", "Headset description", Kind.CAPTURE, List.of(mono)),
            new AudioDevice("Headset", "Headset description", Kind.PLAYBACK, List.of(mono)),
            new AudioDevice("Speakers", "Speakers description", Kind.PLAYBACK, List.of(stereo)));
    assertThat(stereo).hasToString("PCM_SIGNED 48000 Hz 16-bit 2 ch LE");
    assertThat(new AudioDevice.Format("PCM_UNSIGNED", -1, 8, -1, false))
        .hasToString("PCM_UNSIGNED any Hz 8-bit any ch");
  }

  @Test
  void withoutSoundHardwareOpeningSaysNothingWasFound() {
    assertThatThrownBy(() -> devices().openCapture(Optional.empty()))
        .isInstanceOf(AudioDeviceException.class)
        .hasMessage(
            "no audio capture device found (available: none; Java Sound reports no sound"
                + " hardware)");
    assertThatThrownBy(
            () ->
                devices(FakeSound.mixer("Speakers", List.of(), List.of(MONO), new FakeLine()))
                    .openCapture(Optional.empty()))
        .hasMessage("no audio capture device found (available: none; only playback \"Speakers\")");
  }

  @Test
  void namesMatchExactlyOrByAUniquePart() throws Exception {
    List<AudioDevice> all =
        List.of(
            new AudioDevice("USB Mic [plughw:1,0]", "", Kind.CAPTURE),
            new AudioDevice("USB Mic [hw:1,0]", "", Kind.CAPTURE),
            new AudioDevice("default [default]", "", Kind.CAPTURE),
            new AudioDevice("default [default]", "", Kind.PLAYBACK));
    assertThat(JavaSoundDevices.choose(Kind.CAPTURE, Optional.of("default [default]"), all))
        .containsExactly(all.get(2));
    assertThat(JavaSoundDevices.choose(Kind.CAPTURE, Optional.of("PLUGHW"), all))
        .containsExactly(all.get(0));
    assertThat(JavaSoundDevices.choose(Kind.CAPTURE, Optional.empty(), all))
        .containsExactly(all.get(0), all.get(1), all.get(2));
    assertThatThrownBy(() -> JavaSoundDevices.choose(Kind.CAPTURE, Optional.of("usb"), all))
        .hasMessage(
            "audio capture device name \"usb\" matches several: \"USB Mic [plughw:1,0]\","
                + " \"USB Mic [hw:1,0]\"");
    assertThatThrownBy(() -> JavaSoundDevices.choose(Kind.PLAYBACK, Optional.of("usb"), all))
        .hasMessage("no audio playback device named \"usb\" (available: \"default [default]\")");
  }

  @Test
  void capturesMonoAndConvertsLittleEndianSamples() throws Exception {
    FakeLine line = new FakeLine();
    line.toRead = new byte[960 * 2];
    line.toRead[0] = (byte) 0x34;
    line.toRead[1] = (byte) 0x12;
    line.toRead[2] = (byte) 0xFF;
    line.toRead[3] = (byte) 0xFF;
    JavaSoundDevices d = devices(FakeSound.mixer("Mic", List.of(MONO), List.of(), line));
    try (AudioCapture capture = d.openCapture(Optional.of("Mic"))) {
      assertThat(line.format.matches(MONO)).isTrue();
      assertThat(line.bufferBytes).as("40 ms").isEqualTo(40 * 48 * 2);
      assertThat(line.calls).containsSubsequence("open", "start");
      short[] frame = new short[960];
      assertThat(((LineCapture) capture).pump()).isTrue();
      assertThat(((LineCapture) capture).pump()).isTrue();
      assertThat(capture.read(frame)).isTrue();
      assertThat(frame[0]).isEqualTo((short) 0x1234);
      assertThat(frame[1]).isEqualTo((short) -1);
      assertThat(((LineCapture) capture).pump()).as("the line has nothing more").isFalse();
      assertThat(capture.read(frame)).as("the line has nothing more").isFalse();
      assertThat(capture.device().name()).isEqualTo("Mic");
      assertThat(capture.captureStats().orElseThrow().bufferMillis()).isEqualTo(40.0);
    }
    assertThat(line.calls).endsWith("stop", "close");
  }

  @Test
  void aStereoOnlyDeviceIsMixedDownOnCaptureAndDuplicatedOnPlayback() throws Exception {
    FakeLine line = new FakeLine();
    line.toRead = new byte[960 * 4];
    line.toRead[0] = (byte) 0xE8;
    line.toRead[1] = (byte) 0x03;
    line.toRead[2] = (byte) 0xB8;
    line.toRead[3] = (byte) 0x0B;
    JavaSoundDevices d = devices(FakeSound.mixer("USB", List.of(STEREO), List.of(STEREO), line));
    try (AudioCapture capture = d.openCapture(Optional.empty())) {
      assertThat(line.format.getChannels()).isEqualTo(2);
      short[] frame = new short[960];
      ((LineCapture) capture).pump();
      ((LineCapture) capture).pump();
      assertThat(capture.read(frame)).isTrue();
      // left 1000 (0x03E8), right 3000 (0x0BB8): mono 2000
      assertThat(frame[0]).isEqualTo((short) 2000);
      assertThat(frame[1]).isZero();
    }
    AudioPlayback playback = d.openPlayback(Optional.empty());
    short[] frame = new short[960];
    frame[0] = 0x0102;
    frame[1] = -2;
    playback.write(frame);
    LinePlayback pumped = (LinePlayback) playback;
    assertThat(pumped.pump()).isTrue();
    assertThat(pumped.pump()).isTrue();
    byte[] out = line.written.toByteArray();
    assertThat(out).hasSize(960 * 4);
    assertThat(Arrays.copyOf(out, 8))
        .containsExactly(0x02, 0x01, 0x02, 0x01, 0xFE, 0xFF, 0xFE, 0xFF);
    playback.close();
    playback.close();
    playback.write(frame);
    assertThat(pumped.pump()).isFalse();
    assertThat(line.written.size()).as("dropped after close").isEqualTo(960 * 4);
    assertThat(line.calls.stream().filter("close"::equals)).hasSize(2);
    assertThat(line.calls).endsWith("stop", "flush", "close");
  }

  @Test
  void aBusyDeviceIsUnavailableAndTheDefaultMovesOnToTheNext() throws Exception {
    FakeLine busy = new FakeLine();
    busy.openFailure = new LineUnavailableException("Device or resource busy");
    FakeLine free = new FakeLine();
    JavaSoundDevices d =
        devices(
            FakeSound.mixer("Busy", List.of(MONO), List.of(), busy),
            FakeSound.mixer("Free", List.of(MONO), List.of(), free));
    assertThatThrownBy(() -> d.openCapture(Optional.of("Busy")))
        .isInstanceOfSatisfying(
            AudioDeviceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "audio capture device \"Busy\" is unavailable: Device or resource busy");
              assertThat(e.getCause()).isSameAs(busy.openFailure);
            });
    try (AudioCapture capture = d.openCapture(Optional.empty())) {
      assertThat(capture.device().name()).isEqualTo("Free");
    }
  }

  @Test
  void aDeviceWithoutTheFormatSaysWhatItOffers() {
    JavaSoundDevices d = devices(FakeSound.mixer("Old", List.of(CD), List.of(), new FakeLine()));
    assertThat(reasonOf(() -> d.openCapture(Optional.empty())))
        .isEqualTo(Reason.FORMAT_UNSUPPORTED);
    assertThatThrownBy(() -> d.openCapture(Optional.empty()))
        .hasMessageStartingWith(
            "audio capture device \"Old\" offers no 48000 Hz 16-bit mono or stereo PCM (it offers:"
                + " PCM_SIGNED 44100.0 Hz, 16 bit, stereo");
  }
}
