package io.peervoice.nat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of one ICE session: an immutable value, validated by its builder.
 *
 * @param stunServers servers to learn server-reflexive candidates from; empty for host-only
 * @param turnServers servers to allocate relayed candidates on: over UDP (ice4j's client), TCP or
 *     TLS (ours, RFC 8656 with a stream to the server; the relay is UDP in every case)
 * @param connectTimeout how long connectivity checks may run before the session fails with {@link
 *     IceStep#TIMEOUT} (ice4j can stay RUNNING forever when no pair works)
 * @param consentDisconnectAfter without consent for this long the path is {@link
 *     PathState#DISCONNECTED}
 * @param consentFailAfter without consent for this long it is {@link PathState#FAILED} (RFC 7675
 *     §5.1: 30 s)
 * @param addressPolicy which IP families to offer candidates for
 * @param allowedInterfaces if not empty, only host candidates on these interfaces (by name) are
 *     offered, and only reflexive and relayed candidates based on them
 * @param blockedInterfaces interfaces whose candidates are never offered
 * @param relayOnly offer only relayed (TURN) candidates, for privacy: when both sides do, the peer
 *     never learns this side's addresses, since the TURN servers forward only from the relay
 *     addresses permitted (RFC 8656 §9); checks from host candidates go nowhere. When every TURN
 *     server is reached over TCP or TLS, no host candidate is gathered at all (our TURN client
 *     needs none), so no check leaves from a host address
 * @param loopbackFallback when the machine has no usable non-loopback interface, ICE cannot run
 *     (ice4j never harvests loopback); if this is set, the session then falls back to a plain UDP
 *     socket on 127.0.0.1, which only reaches a peer on the same machine
 * @param portRange if present, host candidates (and the loopback fallback's socket) bind only to
 *     ports in this range; empty: any free port the system gives
 * @param checkPacing Ta (RFC 8445 §14.2): the interval between two connectivity checks, ordinary or
 *     triggered, of the session; at least {@link #MIN_CHECK_PACING} (the RFC's floor). A
 *     controlling agent nominates its first valid pair with a triggered check that waits for the
 *     next beat, so with one working pair ICE completes in about one round trip plus one Ta
 *     (default 5 ms; ice4j's own 20 ms made a host pair take ~25 ms instead of ~6). With TURN
 *     servers beside direct candidates the agent paces at 20 ms at least: faster, a relayed pair
 *     could validate, and be nominated, while a reflexive pair through two NATs punches its hole
 * @param turnTrust checks the certificates of TURN servers reached over TLS ({@code turns:});
 *     empty: the JDK's default trust store ({@code javax.net.ssl.trustStore} if set)
 * @param portPredictionPorts 0: no port prediction (the default); else the size of the one
 *     birthday-paradox burst tried when ICE selects a relay (see {@link Builder#portPrediction}):
 *     at most this many probes from our ICE port and this many sockets toward the peer, 1 to {@link
 *     #MAX_PORT_PREDICTION_PORTS}
 */
public record IceConfig(
    List<StunServer> stunServers,
    List<TurnServer> turnServers,
    Duration connectTimeout,
    Duration consentDisconnectAfter,
    Duration consentFailAfter,
    AddressPolicy addressPolicy,
    java.util.Set<String> allowedInterfaces,
    java.util.Set<String> blockedInterfaces,
    boolean relayOnly,
    boolean loopbackFallback,
    java.util.Optional<PortRange> portRange,
    Duration checkPacing,
    java.util.Optional<javax.net.ssl.SSLContext> turnTrust,
    int portPredictionPorts,
    boolean singleNomination) {

  /** The probe size {@link Builder#portPrediction(boolean)} turns on. */
  public static final int DEFAULT_PORT_PREDICTION_PORTS = 256;

  /** The largest probe allowed: 1,024 probes and 1,024 sockets per call. */
  public static final int MAX_PORT_PREDICTION_PORTS = 1024;

  /** The least {@link #checkPacing()} allowed: RFC 8445 §14.2's floor for Ta. */
  public static final Duration MIN_CHECK_PACING = Duration.ofMillis(5);

  /** The default {@link #checkPacing()}. */
  public static final Duration DEFAULT_CHECK_PACING = MIN_CHECK_PACING;

  public IceConfig {
    Objects.requireNonNull(checkPacing, "checkPacing");
    if (checkPacing.compareTo(MIN_CHECK_PACING) < 0 || checkPacing.toMillis() > 1000) {
      throw new IllegalArgumentException(
          "check pacing must be between 5 ms and 1 s: " + checkPacing);
    }
    if (portPredictionPorts < 0 || portPredictionPorts > MAX_PORT_PREDICTION_PORTS) {
      throw new IllegalArgumentException(
          "port prediction ports must be 0 (off) to "
              + MAX_PORT_PREDICTION_PORTS
              + ": "
              + portPredictionPorts);
    }
    Objects.requireNonNull(portRange, "portRange");
    Objects.requireNonNull(turnTrust, "turnTrust");
    stunServers = List.copyOf(stunServers);
    turnServers = List.copyOf(turnServers);
    Objects.requireNonNull(addressPolicy, "addressPolicy");
    allowedInterfaces = java.util.Set.copyOf(allowedInterfaces);
    blockedInterfaces = java.util.Set.copyOf(blockedInterfaces);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
    }
    if (consentDisconnectAfter.isNegative()
        || consentDisconnectAfter.isZero()
        || consentFailAfter.compareTo(consentDisconnectAfter) < 0) {
      throw new IllegalArgumentException(
          "need 0 < consentDisconnectAfter <= consentFailAfter: "
              + consentDisconnectAfter
              + ", "
              + consentFailAfter);
    }
  }

  /** Host candidates only, 10 s to connect, loopback fallback on. */
  public static IceConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.stunServers.addAll(stunServers);
    b.turnServers.addAll(turnServers);
    b.connectTimeout = connectTimeout;
    b.consentDisconnectAfter = consentDisconnectAfter;
    b.consentFailAfter = consentFailAfter;
    b.addressPolicy = addressPolicy;
    b.allowedInterfaces.addAll(allowedInterfaces);
    b.blockedInterfaces.addAll(blockedInterfaces);
    b.relayOnly = relayOnly;
    b.loopbackFallback = loopbackFallback;
    b.portRange = portRange.orElse(null);
    b.checkPacing = checkPacing;
    b.turnTrust = turnTrust.orElse(null);
    b.portPredictionPorts = portPredictionPorts;
    b.singleNomination = singleNomination;
    return b;
  }

  /** Builder for {@link IceConfig}. */
  public static final class Builder {
    private final List<StunServer> stunServers = new ArrayList<>();
    private final List<TurnServer> turnServers = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration consentDisconnectAfter = Duration.ofSeconds(6);
    private Duration consentFailAfter = Duration.ofSeconds(30);
    private AddressPolicy addressPolicy = AddressPolicy.BOTH;
    private final java.util.Set<String> allowedInterfaces = new java.util.HashSet<>();
    private final java.util.Set<String> blockedInterfaces = new java.util.HashSet<>();
    private boolean relayOnly;
    private boolean loopbackFallback = true;
    private PortRange portRange;
    private Duration checkPacing = DEFAULT_CHECK_PACING;
    private javax.net.ssl.SSLContext turnTrust;
    private int portPredictionPorts;
    private boolean singleNomination = true;

    private Builder() {}

    /**
     * Whether the peer nominates a single pair (default {@code true}, a PeerVoice peer); {@code
     * false} for a browser peer (see {@link IceConfig#singleNomination()}).
     */
    public Builder singleNomination(boolean single) {
      this.singleNomination = single;
      return this;
    }

    /**
     * Port prediction for a port-restricted cone NAT against a symmetric one (off by default): when
     * ICE selects a relay, one bounded birthday-paradox burst looks for a direct path to the peer's
     * server-reflexive address ({@link #DEFAULT_PORT_PREDICTION_PORTS} probes from our ICE port to
     * random ports of the peer's reflexive IP, and as many short-lived sockets sending one probe
     * each to the peer's reflexive address; both ends must have it on). Every probe is an ICE
     * connectivity check with the call's credentials; a path found carries the media and the relay
     * stays as the fallback. Design, odds and cost: docs/nat-traversal.md.
     */
    public Builder portPrediction(boolean enabled) {
      this.portPredictionPorts = enabled ? DEFAULT_PORT_PREDICTION_PORTS : 0;
      return this;
    }

    /** As {@link #portPrediction(boolean)} with {@code ports} probes and sockets (0: off). */
    public Builder portPredictionPorts(int ports) {
      this.portPredictionPorts = ports;
      return this;
    }

    /** The TLS context checking {@code turns:} servers ({@code null}: the JDK's default). */
    public Builder turnTrust(javax.net.ssl.SSLContext context) {
      this.turnTrust = context;
      return this;
    }

    /** Ta, the interval between connectivity checks: 5 ms to 1 s (default 5 ms). */
    public Builder checkPacing(Duration pacing) {
      this.checkPacing = pacing;
      return this;
    }

    public Builder addStunServer(StunServer server) {
      stunServers.add(Objects.requireNonNull(server));
      return this;
    }

    public Builder addTurnServer(TurnServer server) {
      turnServers.add(Objects.requireNonNull(server));
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder consentTimeouts(Duration disconnectAfter, Duration failAfter) {
      this.consentDisconnectAfter = disconnectAfter;
      this.consentFailAfter = failAfter;
      return this;
    }

    public Builder addressPolicy(AddressPolicy policy) {
      this.addressPolicy = policy;
      return this;
    }

    /**
     * Offers candidates on the interface {@code name} only (host candidates on it, reflexive and
     * relayed candidates based on it), replacing any earlier {@link #allowInterface(String)}.
     */
    public Builder onlyInterface(String name) {
      allowedInterfaces.clear();
      allowedInterfaces.add(Objects.requireNonNull(name));
      return this;
    }

    /** Binds host candidates to ports in {@code range} only ({@code null}: any port). */
    public Builder portRange(PortRange range) {
      this.portRange = range;
      return this;
    }

    /**
     * Adds {@code name} to the interfaces candidates are offered on (all of them if none is added).
     */
    public Builder allowInterface(String name) {
      allowedInterfaces.add(Objects.requireNonNull(name));
      return this;
    }

    public Builder blockInterface(String name) {
      blockedInterfaces.add(Objects.requireNonNull(name));
      return this;
    }

    public Builder relayOnly(boolean enabled) {
      this.relayOnly = enabled;
      return this;
    }

    public Builder loopbackFallback(boolean enabled) {
      this.loopbackFallback = enabled;
      return this;
    }

    public IceConfig build() {
      return new IceConfig(
          stunServers,
          turnServers,
          connectTimeout,
          consentDisconnectAfter,
          consentFailAfter,
          addressPolicy,
          allowedInterfaces,
          blockedInterfaces,
          relayOnly,
          loopbackFallback,
          java.util.Optional.ofNullable(portRange),
          checkPacing,
          java.util.Optional.ofNullable(turnTrust),
          portPredictionPorts,
          singleNomination);
    }
  }
}
