package io.peervoice.session.internal;

import io.peervoice.media.impair.Delivery;
import io.peervoice.media.impair.Impairment;
import io.peervoice.media.stream.PacketSink;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through a simulated network: each packet is lost, or handed to the real path after the
 * impairment's delay on the scheduler (and maybe twice). For tests and demos on a clean network.
 */
public final class ImpairedSink implements PacketSink {
  private static final Logger log = LoggerFactory.getLogger(ImpairedSink.class);

  private final Impairment impairment;
  private final PacketSink next;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoClock;

  public ImpairedSink(
      Impairment impairment,
      PacketSink next,
      ScheduledExecutorService scheduler,
      LongSupplier nanoClock) {
    this.impairment = impairment;
    this.next = next;
    this.scheduler = scheduler;
    this.nanoClock = nanoClock;
  }

  @Override
  public void send(byte[] data, int offset, int length) {
    byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
    double now = nanoClock.getAsLong() / 1e6;
    java.util.List<Delivery> deliveries;
    synchronized (impairment) {
      deliveries = impairment.offer(copy, now);
    }
    for (Delivery d : deliveries) {
      long delayMicros = Math.max(0, Math.round((d.atMillis() - now) * 1000));
      scheduler.schedule(() -> deliver(d.data()), delayMicros, TimeUnit.MICROSECONDS);
    }
  }

  private void deliver(byte[] data) {
    try {
      next.send(data, 0, data.length);
    } catch (IOException e) {
      log.debug("impaired delivery failed: {}", e.toString());
    }
  }

  public Impairment.Counters counters() {
    synchronized (impairment) {
      return impairment.counters();
    }
  }
}
