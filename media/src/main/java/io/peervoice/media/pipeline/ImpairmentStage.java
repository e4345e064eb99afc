package io.peervoice.media.pipeline;

import io.peervoice.media.impair.Delivery;
import io.peervoice.media.impair.Impairment;
import io.peervoice.media.stream.PacketSink;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The impairment stage: an outbound stage that sends through a simulated network. Each packet is
 * lost, or handed to the next stage (the path) after the impairment's delay on the scheduler, and
 * maybe twice. For tests and demos on a clean network; it sits last before the path, so it sees
 * SRTP packets as the network would.
 */
public final class ImpairmentStage implements PacketSink {
  private static final Logger log = LoggerFactory.getLogger(ImpairmentStage.class);

  private final Impairment impairment;
  private final PacketSink next;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoClock;

  /**
   * @param scheduler delivers delayed packets (the media clock)
   * @param nanoClock monotonic clock the impairment's times are on
   */
  public ImpairmentStage(
      Impairment impairment,
      PacketSink next,
      ScheduledExecutorService scheduler,
      LongSupplier nanoClock) {
    this.impairment = Objects.requireNonNull(impairment, "impairment");
    this.next = Objects.requireNonNull(next, "next");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  @Override
  public void send(byte[] data, int offset, int length) {
    byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
    double now = nanoClock.getAsLong() / 1e6;
    List<Delivery> deliveries;
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
