package io.peervoice.nat.internal;

import io.peervoice.nat.PathState;
import io.peervoice.nat.internal.stun.DirectStun;
import io.peervoice.nat.internal.stun.DirectStunConfig;
import io.peervoice.nat.internal.stun.DirectStunStats;
import io.peervoice.nat.internal.stun.Sender;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Consent freshness (RFC 7675) of a selected direct pair kept by our own STUN ({@link DirectStun})
 * once the ice4j agent is freed, turned into path states like {@link PairConsent} does for ice4j's:
 * a {@link ConsentWatch} evaluates the state on each valid consent response and at its deadlines.
 * Everything runs on the call's media loop ({@code loop}); STUN datagrams of the pair's port go to
 * {@link #onStun} on that thread.
 *
 * <p>Requests go every 5 s (RFC 7675 §5.1), or every quarter of {@code consentFailAfter} if that is
 * shorter, so at least three go out before the path fails; they stop when it has failed.
 */
final class DirectConsent {
  private static final Duration RFC_INTERVAL = Duration.ofSeconds(5);

  private final DirectStun stun;
  private final ConsentWatch watch;

  /**
   * @param handover the pair's ICE facts, read from the agent before it is freed ({@code
   *     Ice4jHandover.from(agent, pair)}); its {@code freshSince} carries ice4j's last consent over
   * @param loop the call's media loop: the STUN code and the watch's deadlines run on it
   * @param sender the pair's local port
   * @param monitor the path's disconnect and fail times ({@code IceConfig})
   * @param consentFailAfter when the path fails without consent (the monitor's fail time)
   * @param wallClockMillis consent times (as ice4j's: {@code System::currentTimeMillis})
   * @param states told the path's state at each evaluation
   */
  DirectConsent(
      DirectStunConfig.Builder handover,
      ScheduledExecutorService loop,
      Sender sender,
      ConsentMonitor monitor,
      Duration consentFailAfter,
      LongSupplier wallClockMillis,
      Consumer<PathState> states) {
    Duration interval = interval(consentFailAfter);
    Duration expiry =
        consentFailAfter.compareTo(interval) > 0 ? consentFailAfter : interval.plusMillis(1);
    this.stun =
        DirectStun.create(
            handover
                .scheduler(loop)
                .sender(sender)
                .wallClockMillis(wallClockMillis)
                .consentInterval(interval)
                .consentExpiry(expiry)
                .onConsent(this::consented)
                .build());
    this.watch = new ConsentWatch(loop, monitor, stun::lastFreshMillis, wallClockMillis, states);
  }

  /** 5 s, or a quarter of {@code consentFailAfter} if shorter, but at least 10 ms. */
  static Duration interval(Duration consentFailAfter) {
    Duration quarter = consentFailAfter.dividedBy(4);
    Duration interval = quarter.compareTo(RFC_INTERVAL) < 0 ? quarter : RFC_INTERVAL;
    return interval.toMillis() < 10 ? Duration.ofMillis(10) : interval;
  }

  private void consented() {
    watch.check();
  }

  /** Starts the requests and the watch (the first evaluation is now). Any thread. */
  void start() {
    stun.start();
    watch.check();
  }

  /** One STUN datagram of the pair's port, on the loop thread; {@code data} is not kept. */
  void onStun(byte[] data, int offset, int length, InetSocketAddress from) {
    stun.onStun(data, offset, length, from);
  }

  /** Stops requests, answers and the watch. Any thread; idempotent. */
  void stop() {
    stun.stop();
    watch.stop();
  }

  /** What the STUN code has sent, answered and dropped. */
  DirectStunStats stats() {
    return stun.stats();
  }

  /** When consent was last confirmed (wall clock), negative if never. */
  long lastFreshMillis() {
    return stun.lastFreshMillis();
  }
}
