package io.peervoice.media.audio;

import java.util.Objects;

/**
 * A system audio device could not be opened; the message says which and why, listing the devices
 * that are available when none matched.
 */
public final class AudioDeviceException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why opening failed. */
  public enum Reason {
    /** No device of the wanted kind, or none with the wanted name. */
    NOT_FOUND,
    /** The device offers neither 48 kHz 16-bit mono nor stereo PCM. */
    FORMAT_UNSUPPORTED,
    /** The device exists but could not be opened (busy, or refused by the driver). */
    UNAVAILABLE
  }

  private final Reason reason;

  public AudioDeviceException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public AudioDeviceException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
