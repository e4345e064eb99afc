package io.peervoice.nat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the machine's usable addresses (interfaces that are up, not loopback, not link-local) and
 * reports when the set changes: Wi-Fi to cellular, a VPN coming up, a DHCP renewal. The cue for an
 * ICE restart (RFC 8445 §9). One monitor serves every call of a phone.
 */
public final class NetworkMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetworkMonitor.class);

  private final Supplier<Set<InetAddress>> addresses;
  private final Runnable onChange;
  private final ScheduledFuture<?> poll;
  private Set<InetAddress> last;

  private NetworkMonitor(
      Supplier<Set<InetAddress>> addresses,
      ScheduledExecutorService scheduler,
      Duration interval,
      Runnable onChange) {
    this.addresses = addresses;
    this.onChange = onChange;
    this.last = addresses.get();
    long millis = interval.toMillis();
    this.poll =
        scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Polls the system's interfaces every {@code interval} on {@code scheduler}. */
  public static NetworkMonitor start(
      ScheduledExecutorService scheduler, Duration interval, Runnable onChange) {
    return start(NetworkMonitor::systemAddresses, scheduler, interval, onChange);
  }

  /**
   * Polls {@code addresses} instead of the system's interfaces (tests, or a platform's own API).
   */
  public static NetworkMonitor start(
      Supplier<Set<InetAddress>> addresses,
      ScheduledExecutorService scheduler,
      Duration interval,
      Runnable onChange) {
    Objects.requireNonNull(addresses, "addresses");
    Objects.requireNonNull(onChange, "onChange");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    return new NetworkMonitor(addresses, scheduler, interval, onChange);
  }

  private void check() {
    Set<InetAddress> now;
    try {
      now = addresses.get();
    } catch (RuntimeException e) {
      log.warn("cannot list network addresses: {}", e.toString());
      return;
    }
    if (now.equals(last)) {
      return;
    }
    log.info("network changed: {} -> {}", last, now);
    last = now;
    try {
      onChange.run();
    } catch (RuntimeException e) {
      log.warn("network change listener failed", e);
    }
  }

  /** The addresses ICE could gather host candidates on now. */
  public static Set<InetAddress> systemAddresses() {
    return LocalInterfaces.addresses();
  }

  @Override
  public void close() {
    poll.cancel(false);
  }
}
