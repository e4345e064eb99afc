package io.peervoice.nat.internal.turn;

import io.peervoice.nat.TurnServer;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link TurnClient} needs besides its connection.
 *
 * @param server the server: its credentials and transport (TCP or TLS), for requests and reasons
 * @param transactionTimeout how long a request may wait for its response (RFC 8489 §6.2.2 allows up
 *     to 39.5 s over TCP; a call cannot wait that long)
 * @param lifetime the allocation lifetime asked for (RFC 8656 §7.2: 600 s is the default)
 */
public record TurnClientSettings(
    TurnServer server, Duration transactionTimeout, Duration lifetime) {
  public TurnClientSettings {
    Objects.requireNonNull(server, "server");
    if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
      throw new IllegalArgumentException("transaction timeout must be positive");
    }
    if (lifetime.toSeconds() < 60) {
      throw new IllegalArgumentException("lifetime must be at least 60 s: " + lifetime);
    }
  }

  /** 5 s per transaction, 600 s lifetime. */
  public static TurnClientSettings of(TurnServer server) {
    return new TurnClientSettings(server, Duration.ofSeconds(5), Duration.ofSeconds(600));
  }
}
