package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many processes (devices) of our identity the nodes we are attached to report, this one
 * included. Warns once when a second device appears (both stay reachable: the nodes push to every
 * device and calls ring on all), and tells a listener of every change (and, when it is added, of a
 * count other than 1). Single-threaded.
 */
final class DeviceWatch {
  private static final Logger log = LoggerFactory.getLogger(DeviceWatch.class);

  private final PeerId self;
  private int count = 1;
  private boolean warned;
  private final List<IntConsumer> listeners = new ArrayList<>();

  DeviceWatch(PeerId self) {
    this.self = self;
  }

  void update(int devices) {
    if (devices == count) {
      return;
    }
    count = devices;
    if (devices > 1 && !warned) {
      warned = true;
      log.warn(
          "another process with identity {} is online ({} devices); both stay reachable and calls"
              + " ring on all of them",
          self,
          devices);
    } else {
      log.info("{} device(s) of identity {} online", devices, self);
    }
    for (IntConsumer listener : List.copyOf(listeners)) {
      tell(listener, devices);
    }
  }

  int count() {
    return count;
  }

  /**
   * Adds a listener (at most {@link #MAX_LISTENERS}; further ones are refused). A listener starts
   * from "alone" (1): if another device is already counted, it is told the count at once, so one
   * added after the count changed (a phone registers its listener after its client started, and the
   * first ATTACH answer may already have said 2) never misses it.
   */
  void listen(IntConsumer listener) {
    if (listeners.size() >= MAX_LISTENERS) {
      throw new IllegalStateException("at most " + MAX_LISTENERS + " device listeners");
    }
    listeners.add(listener);
    if (count != 1) {
      tell(listener, count);
    }
  }

  private static void tell(IntConsumer listener, int devices) {
    try {
      listener.accept(devices);
    } catch (RuntimeException e) {
      log.warn("device listener failed", e);
    }
  }

  static final int MAX_LISTENERS = 16;
}
