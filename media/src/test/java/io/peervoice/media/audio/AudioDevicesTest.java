package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.audio.AudioDevice.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Runs against whatever Java Sound finds here; most build machines have no sound hardware. */
class AudioDevicesTest {

  @Test
  void listingNeverThrows() {
    List<AudioDevice> devices = AudioDevices.list();
    assertThat(devices).allSatisfy(d -> assertThat(d.name()).isNotBlank());
  }

  @Test
  void openingCaptureEitherWorksOrSaysWhy() {
    boolean any = AudioDevices.list().stream().anyMatch(d -> d.kind() == Kind.CAPTURE);
    try (AudioCapture capture = AudioDevices.openCapture(Optional.empty())) {
      assertThat(capture.device().kind()).isEqualTo(Kind.CAPTURE);
    } catch (AudioDeviceException e) {
      if (any) {
        assertThat(e.getMessage()).startsWith("audio capture device \"");
      } else {
        assertThat(e.reason()).isEqualTo(AudioDeviceException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).startsWith("no audio capture device found (available: none");
      }
    }
  }

  @Test
  void openingPlaybackEitherWorksOrSaysWhy() {
    boolean any = AudioDevices.list().stream().anyMatch(d -> d.kind() == Kind.PLAYBACK);
    try (AudioPlayback playback = AudioDevices.openPlayback(Optional.empty())) {
      assertThat(playback.device().kind()).isEqualTo(Kind.PLAYBACK);
    } catch (AudioDeviceException e) {
      if (any) {
        assertThat(e.getMessage()).startsWith("audio playback device \"");
      } else {
        assertThat(e.reason()).isEqualTo(AudioDeviceException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).startsWith("no audio playback device found (available: none");
      }
    }
  }

  @Test
  void anUnknownNameIsNotFoundAndTheMessageListsWhatExists() {
    assertThatThrownBy(() -> AudioDevices.openCapture(Optional.of("no-such-device-3f9c")))
        .isInstanceOfSatisfying(
            AudioDeviceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(AudioDeviceException.Reason.NOT_FOUND);
              assertThat(e.getMessage())
                  .startsWith("no audio capture device named \"no-such-device-3f9c\" (available: ");
            });
  }
}
