package io.peervoice.sdk.internal;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.DeviceStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Stands between a call's media and the application's audio devices: the first exception a source
 * or sink throws (a microphone that stopped, a speaker that cannot open) is handed to the listener
 * once, and from then on the source gives silence and the sink swallows frames without touching the
 * device again, so the media clock goes on until the call is ended. Thread-safe.
 */
public final class DeviceGuard {
  private final Consumer<RuntimeException> onFailure;
  private final AtomicBoolean failed = new AtomicBoolean();
  private volatile AudioSource source;
  private volatile AudioSink sink;

  /**
   * @param onFailure told of the first failure, on the thread that met it (the media clock)
   */
  public DeviceGuard(Consumer<RuntimeException> onFailure) {
    this.onFailure = Objects.requireNonNull(onFailure);
  }

  /** Whether a device has failed. */
  public boolean failed() {
    return failed.get();
  }

  public AudioSource source(AudioSource device) {
    Objects.requireNonNull(device);
    this.source = device;
    return frame -> {
      if (!failed.get()) {
        try {
          return device.read(frame);
        } catch (RuntimeException e) {
          fail(e);
        }
      }
      Arrays.fill(frame, (short) 0);
      return false;
    };
  }

  public AudioSink sink(AudioSink device) {
    Objects.requireNonNull(device);
    this.sink = device;
    return frame -> {
      if (!failed.get()) {
        try {
          device.write(frame);
        } catch (RuntimeException e) {
          fail(e);
        }
      }
    };
  }

  /** The figures of the capture and playback devices behind the guarded source and sink, if any. */
  public List<DeviceStats> deviceStats() {
    List<DeviceStats> out = new ArrayList<>(2);
    AudioSource s = source;
    AudioSink k = sink;
    if (s != null) {
      s.captureStats().ifPresent(out::add);
    }
    if (k != null) {
      k.playbackStats().ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** Reports a failure met outside the wrapped calls, e.g. while opening a device. */
  public void fail(RuntimeException e) {
    if (failed.compareAndSet(false, true)) {
      onFailure.accept(e);
    }
  }
}
