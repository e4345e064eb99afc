package io.peervoice.media.audio.internal;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.DeviceStats;
import io.peervoice.media.audio.PcmFormat;

/** The figures of one open device ({@link DeviceStats}), updated from two threads. Thread-safe. */
final class DeviceMeter {
  private static final double SAMPLES_PER_MS = PcmFormat.SAMPLE_RATE / 1000.0;

  private final AudioDevice device;
  private volatile double bufferMillis;
  private long latencySamplesSum;
  private long latencyCount;
  private long maxLatencySamples = -1;
  private boolean starved;
  private long underruns;
  private long underrunSamples;
  private long overruns;

  DeviceMeter(AudioDevice device) {
    this.device = device;
  }

  void bufferSamples(int samples) {
    bufferMillis = samples / SAMPLES_PER_MS;
  }

  synchronized void latency(long samples) {
    latencySamplesSum += samples;
    latencyCount++;
    maxLatencySamples = Math.max(maxLatencySamples, samples);
  }

  /** {@code samples} of silence stood in for audio that was not there in time. */
  synchronized void starved(int samples) {
    if (!starved) {
      underruns++;
      starved = true;
    }
    underrunSamples += samples;
  }

  /** Audio flowed again after a run of silence. */
  synchronized void fed() {
    starved = false;
  }

  synchronized void dropped(int samples) {
    if (samples > 0) {
      overruns++;
    }
  }

  synchronized DeviceStats stats() {
    return new DeviceStats(
        device.kind(),
        device.name(),
        bufferMillis,
        latencyCount == 0 ? -1 : latencySamplesSum / (double) latencyCount / SAMPLES_PER_MS,
        maxLatencySamples < 0 ? -1 : maxLatencySamples / SAMPLES_PER_MS,
        underruns,
        Math.round(underrunSamples / SAMPLES_PER_MS),
        overruns);
  }
}
