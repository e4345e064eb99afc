package io.peervoice.sdk;

import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.StreamRoute;
import io.peervoice.signaling.call.CallFlow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The checks of a {@link PhoneConfig}'s values: one line for what is wrong, with the value. */
final class PhoneConfigChecks {
  private PhoneConfigChecks() {}

  /** Every reference a config cannot do without; {@code names} names them, comma-separated. */
  static void required(String names, Object... values) {
    String[] name = names.split(",");
    for (int i = 0; i < values.length; i++) {
      Objects.requireNonNull(values[i], name[i]);
    }
  }

  /** Ranges of the numbers and durations, and the lists that must not be empty. */
  static void values(
      List<InetSocketAddress> bootstrap,
      List<?> srtpProfiles,
      Duration inviteTimeout,
      Duration ringTimeout,
      Duration readyTimeout,
      Duration networkPoll,
      Duration noAudioTimeout,
      Duration keepalive,
      int maxCalls) {
    if (bootstrap.isEmpty()) {
      throw new IllegalArgumentException("a phone needs at least one bootstrap node");
    }
    if (srtpProfiles.isEmpty()) {
      throw new IllegalArgumentException("at least one SRTP profile is needed");
    }
    positive(inviteTimeout, "inviteTimeout");
    positive(ringTimeout, "ringTimeout");
    positive(readyTimeout, "readyTimeout");
    notNegative(networkPoll, "networkPoll");
    notNegative(noAudioTimeout, "noAudioTimeout");
    OverlayClient.checkKeepalive(Objects.requireNonNull(keepalive, "keepalive"));
    if (maxCalls < 1 || maxCalls > PhoneConfig.MAX_CALLS_LIMIT) {
      throw new IllegalArgumentException(
          "maxCalls must be between 1 and " + PhoneConfig.MAX_CALLS_LIMIT + ", got " + maxCalls);
    }
  }

  /** The most stream routes a phone takes. */
  static final int MAX_STREAM_ROUTES = 64;

  /**
   * The routes, copied; no nulls, one per node, at most {@link #MAX_STREAM_ROUTES}. Null: one
   * {@link StreamRoute#assumed} route per distinct bootstrap node (the first 64), not checked (a
   * repeated bootstrap address or a long list is no error of the user's).
   */
  static List<StreamRoute> streamRoutes(
      List<StreamRoute> routes, List<InetSocketAddress> bootstrap) {
    if (routes == null) {
      return bootstrap.stream()
          .distinct()
          .limit(MAX_STREAM_ROUTES)
          .map(StreamRoute::assumed)
          .toList();
    }
    List<StreamRoute> copy = List.copyOf(routes);
    if (copy.size() > MAX_STREAM_ROUTES) {
      throw new IllegalArgumentException(
          "at most " + MAX_STREAM_ROUTES + " stream routes, got " + copy.size());
    }
    if (copy.stream().map(StreamRoute::node).distinct().count() != copy.size()) {
      throw new IllegalArgumentException("streamRoutes name a node twice");
    }
    return copy;
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static void notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
  }

  /** Why a phone at {@link PhoneConfig#maxCalls()} places no call (moved from Phone, S6). */
  static String atMaxCalls(PhoneConfig config) {
    return "the phone holds its maximum of "
        + config.maxCalls()
        + " calls at once (PhoneConfig.maxCalls, in and out); end one or raise the limit";
  }

  // S6 presence
  /** The longest {@link PhoneConfig#probeTimeout()}. */
  static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(60);

  /** A presence policy is given and the probe timeout is within 1 ms .. 60 s. */
  static void presence(io.peervoice.signaling.call.PresencePolicy policy, Duration probeTimeout) {
    Objects.requireNonNull(policy, "presence");
    positive(probeTimeout, "probeTimeout");
    if (probeTimeout.toMillis() < 1 || probeTimeout.compareTo(MAX_PROBE_TIMEOUT) > 0) {
      throw new IllegalArgumentException("probeTimeout must be 1 ms .. 60 s: " + probeTimeout);
    }
  }

  /** The call flow's timers, from {@code config}'s invite and ring timeouts. */
  static CallFlow.Timeouts flowTimeouts(PhoneConfig config) {
    return new CallFlow.Timeouts(
        config.inviteTimeout().toMillis(), config.ringTimeout().toMillis());
  }
}
