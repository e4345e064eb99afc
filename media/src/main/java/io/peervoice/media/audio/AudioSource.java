package io.peervoice.media.audio;

/** Supplies 20 ms frames of 48 kHz mono PCM, one per call, on the media clock. */
public interface AudioSource {

  /**
   * Fills {@code frame} ({@link PcmFormat#FRAME_SAMPLES} samples) with the next 20 ms of audio.
   *
   * @return {@code false} once the source has ended; the frame is then silence
   */
  boolean read(short[] frame);

  /**
   * The figures of the device behind this source, if it is one ({@link AudioCapture}); wrappers
   * around a device pass them on.
   */
  default java.util.Optional<DeviceStats> captureStats() {
    return java.util.Optional.empty();
  }

  /** A source that has ended: only silence. */
  static AudioSource silence() {
    return frame -> {
      java.util.Arrays.fill(frame, (short) 0);
      return false;
    };
  }
}
