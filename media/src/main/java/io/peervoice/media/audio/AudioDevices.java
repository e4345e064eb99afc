package io.peervoice.media.audio;

import io.peervoice.media.audio.internal.JavaSoundDevices;
import java.util.List;
import java.util.Optional;

/**
 * The machine's audio devices through Java Sound ({@code javax.sound.sampled}). Lines are opened as
 * 48 kHz signed 16-bit little-endian PCM, mono, or stereo when a device offers only that (mixed
 * down on capture, duplicated on playback), asking the driver for a line buffer of {@value
 * #LINE_BUFFER_MILLIS} ms; each open device runs its I/O on a thread of its own with a small ring
 * between it and the media clock, and measures its latency and under-runs ({@link DeviceStats}).
 * Without a name the first device that opens is used, in Java Sound's order, which starts with the
 * system default. A name matches exactly, or else as a case-insensitive part of one device's name.
 *
 * <p>A machine without sound hardware (a server, a container) lists no devices, and opening fails
 * with {@link AudioDeviceException.Reason#NOT_FOUND}.
 */
public final class AudioDevices {
  /** The line buffer asked of the driver, in milliseconds (it may grant more). */
  public static final int LINE_BUFFER_MILLIS = JavaSoundDevices.LINE_BUFFER_MILLIS;

  private AudioDevices() {}

  /** Every capture and playback device; a device that does both is listed once for each. */
  public static List<AudioDevice> list() {
    return JavaSoundDevices.system().list();
  }

  /**
   * Opens a capture device and starts recording.
   *
   * @param name a device name, or empty for the default
   * @throws AudioDeviceException if no device matches, none supports the format, or it is busy
   */
  public static AudioCapture openCapture(Optional<String> name) throws AudioDeviceException {
    return JavaSoundDevices.system().openCapture(name);
  }

  /**
   * Opens a playback device and starts playing.
   *
   * @param name a device name, or empty for the default
   * @throws AudioDeviceException if no device matches, none supports the format, or it is busy
   */
  public static AudioPlayback openPlayback(Optional<String> name) throws AudioDeviceException {
    return JavaSoundDevices.system().openPlayback(name);
  }
}
