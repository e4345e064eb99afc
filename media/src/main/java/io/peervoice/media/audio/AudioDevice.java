package io.peervoice.media.audio;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A system audio device as Java Sound names it.
 *
 * @param name the mixer name, e.g. {@code "default [default]"} or {@code "PCH [plughw:0,0]"}; pass
 *     it to {@link AudioDevices#openCapture} or {@link AudioDevices#openPlayback}
 * @param description the driver's description, possibly empty
 * @param kind whether it records or plays
 * @param formats the PCM formats the device's lines offer, as the driver lists them (empty when it
 *     lists none)
 */
public record AudioDevice(String name, String description, Kind kind, List<Format> formats) {

  /** Direction of a device. */
  public enum Kind {
    /** Records: a microphone or line input. */
    CAPTURE,
    /** Plays: a speaker, headphones or line output. */
    PLAYBACK;

    /** Lower-case word used in messages. */
    public String word() {
      return this == CAPTURE ? "capture" : "playback";
    }
  }

  /**
   * One format a device offers.
   *
   * @param encoding Java Sound's encoding name, e.g. {@code PCM_SIGNED}
   * @param sampleRate samples per second, or -1 when the device takes any rate
   * @param bits bits per sample, or -1 for any
   * @param channels channels, or -1 for any
   * @param bigEndian byte order of samples wider than 8 bits
   */
  public record Format(String encoding, int sampleRate, int bits, int channels, boolean bigEndian) {
    public Format {
      Objects.requireNonNull(encoding, "encoding");
    }

    /** E.g. {@code "PCM_SIGNED 48000 Hz 16-bit 2 ch LE"}, with "any" for unspecified values. */
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s %s Hz %s-bit %s ch%s",
          encoding,
          sampleRate < 0 ? "any" : Integer.toString(sampleRate),
          bits < 0 ? "any" : Integer.toString(bits),
          channels < 0 ? "any" : Integer.toString(channels),
          bits > 8 ? (bigEndian ? " BE" : " LE") : "");
    }
  }

  public AudioDevice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kind, "kind");
    formats = List.copyOf(formats);
  }

  /** A device whose formats are not listed. */
  public AudioDevice(String name, String description, Kind kind) {
    this(name, description, kind, List.of());
  }
}
