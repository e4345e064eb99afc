package io.peervoice.media.audio;

/** Consumes played-out 20 ms frames of 48 kHz mono PCM, one per call, on the media clock. */
public interface AudioSink {

  void write(short[] frame);

  /**
   * The figures of the device behind this sink, if it is one ({@link AudioPlayback}); wrappers
   * around a device pass them on.
   */
  default java.util.Optional<DeviceStats> playbackStats() {
    return java.util.Optional.empty();
  }
}
