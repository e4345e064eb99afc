package io.peervoice.nat.internal;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.PathState;
import io.peervoice.nat.internal.stun.DirectStun;
import io.peervoice.nat.internal.stun.Ice4jHandover;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;

/**
 * STUN on a selected direct pair once ice4j's agent is freed: our {@link DirectStun} takes over the
 * pair's port on its media loop, answering the peer's Binding requests (its checks and consent) and
 * keeping our consent (RFC 7675) with requests of our own, and a {@link ConsentWatch} turns the
 * freshness of its responses into path states. Everything runs on the loop's thread.
 */
final class DirectConsent {
  private final DirectStun stun;
  private final ConsentWatch watch;
  private final HostPort port;

  private DirectConsent(DirectStun stun, ConsentWatch watch, HostPort port) {
    this.stun = stun;
    this.watch = watch;
    this.port = port;
  }

  /**
   * Starts our STUN on {@code port} for {@code pair}, telling {@code states} the path's state, and
   * returns what stops it. Call before the agent is freed: STUN goes to our code from now on.
   */
  static Runnable start(
      Agent agent,
      CandidatePair pair,
      HostPort port,
      IceConfig config,
      Consumer<PathState> states) {
    ScheduledExecutorService loop = port.loop().executor();
    ConsentWatch[] watch = new ConsentWatch[1];
    DirectStun stun =
        DirectStun.create(
            Ice4jHandover.from(agent, pair)
                .scheduler(loop)
                .sender(port::send)
                .consentInterval(interval(config))
                .consentExpiry(config.consentFailAfter())
                .freshSince(System.currentTimeMillis()) // ICE's checks just succeeded
                .onConsent(() -> watch[0].check())
                .build());
    watch[0] =
        new ConsentWatch(
            loop,
            new ConsentMonitor(config.consentDisconnectAfter(), config.consentFailAfter()),
            stun::lastFreshMillis,
            System::currentTimeMillis,
            states);
    DirectConsent consent = new DirectConsent(stun, watch[0], port);
    port.setStun(stun::onStun);
    stun.start();
    watch[0].check();
    return consent::stop;
  }

  /**
   * RFC 7675's 5 s between requests, or half the disconnect timeout when that is under 6 s (a path
   * told to disconnect after 2 s without consent must ask more often than every 5 s).
   */
  static Duration interval(IceConfig config) {
    Duration disconnect = config.consentDisconnectAfter();
    return disconnect.compareTo(Duration.ofSeconds(6)) >= 0
        ? Duration.ofSeconds(5)
        : Duration.ofMillis(Math.max(10, disconnect.toMillis() / 2));
  }

  private void stop() {
    stun.stop();
    watch.stop();
    port.setStun((data, offset, length, from) -> {});
  }
}
