package io.peervoice.sdk;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * No rendezvous node answered within {@link PhoneConfig#readyTimeout()}: the phone is not attached
 * to the overlay, so it can neither place nor receive calls. The usual causes are a wrong {@code
 * bootstrap} address, nodes that are down, or UDP blocked on the way. The message names every node
 * tried, e.g. {@code no rendezvous node answered within 5.0 s (tried 192.0.2.7:7400)}.
 *
 * <p>The phone keeps trying in the background until it is closed; an application that gives up
 * closes it.
 */
public final class NoNodeAnsweredException extends PhoneException {
  private static final long serialVersionUID = 1L;

  private final transient List<InetSocketAddress> nodesTried;
  private final Duration waited;

  public NoNodeAnsweredException(List<InetSocketAddress> nodesTried, Duration waited) {
    super(
        "no rendezvous node answered within "
            + seconds(waited)
            + " (tried "
            + nodesTried.stream()
                .map(NoNodeAnsweredException::text)
                .collect(Collectors.joining(", "))
            + ")");
    this.nodesTried = List.copyOf(nodesTried);
    this.waited = waited;
  }

  /** The bootstrap nodes the phone tried, in the configured order. */
  public List<InetSocketAddress> nodesTried() {
    return nodesTried;
  }

  /** How long the phone waited ({@link PhoneConfig#readyTimeout()}). */
  public Duration waited() {
    return waited;
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** {@code host:port} as configured (no resolver's {@code name/} prefix), {@code [v6]:port}. */
  static String text(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
