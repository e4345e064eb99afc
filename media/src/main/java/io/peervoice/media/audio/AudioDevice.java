package io.peervoice.media.audio;

import java.util.Objects;

/**
 * A system audio device as Java Sound names it.
 *
 * @param name the mixer name, e.g. {@code "default [default]"} or {@code "PCH [plughw:0,0]"}; pass
 *     it to {@link AudioDevices#openCapture} or {@link AudioDevices#openPlayback}
 * @param description the driver's description, possibly empty
 * @param kind whether it records or plays
 */
public record AudioDevice(String name, String description, Kind kind) {

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

  public AudioDevice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kind, "kind");
  }
}
