package io.peervoice.media.audio;

import java.util.Objects;

/**
 * How an open capture or playback device is doing. Device I/O runs on a thread of its own with a
 * small ring between it and the media clock, so a device that is late never stalls a call: a frame
 * the device has not delivered in time (capture), or that the media clock has not supplied when the
 * device needed it (playback), is played as silence and counted as an under-run; samples that did
 * not fit (the other clock ran ahead) are dropped and counted as an over-run.
 *
 * @param kind capture or playback
 * @param device the device's name
 * @param bufferMillis the driver's line buffer as granted (we ask for {@link
 *     AudioDevices#LINE_BUFFER_MILLIS} ms)
 * @param latencyMillis measured latency through the device and our ring, mean over the samples
 *     taken: capture, audio waiting in the line and ring when a frame is taken; playback, audio
 *     queued in the ring and the line when a block is written (-1 before the first measurement)
 * @param maxLatencyMillis the largest latency measured (-1 before the first)
 * @param underruns times the audio ran out (one per run of silence, however long)
 * @param underrunMillis audio replaced by silence because it ran out
 * @param overruns times samples were dropped because the ring was full
 */
public record DeviceStats(
    AudioDevice.Kind kind,
    String device,
    double bufferMillis,
    double latencyMillis,
    double maxLatencyMillis,
    long underruns,
    long underrunMillis,
    long overruns) {

  public DeviceStats {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(device, "device");
  }
}
