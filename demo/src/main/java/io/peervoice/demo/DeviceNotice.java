package io.peervoice.demo;

import io.peervoice.sdk.Phone;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Tells the user of {@code listen} when another process with the same identity comes online: one
 * line each time the phone goes from alone to several devices. Both stay reachable (calls ring on
 * every device; the first to answer takes the call).
 */
final class DeviceNotice {
  private DeviceNotice() {}

  /** Prints the line now if another device is already online, and whenever one comes. */
  static void watch(Phone phone, PrintWriter out) {
    AtomicBoolean told = new AtomicBoolean();
    IntConsumer tell =
        devices -> {
          if (devices <= 1) {
            told.set(false);
          } else if (told.compareAndSet(false, true)) {
            out.println(line(devices));
            out.flush();
          }
        };
    phone.onDevices(tell);
    tell.accept(phone.devices());
  }

  static String line(int devices) {
    return "another device with this identity is online ("
        + devices
        + " devices); calls ring on all of them";
  }
}
