package io.peervoice.signaling.call;

import io.peervoice.signaling.PeerId;
import java.time.Duration;
import java.util.Objects;

/**
 * S6 presence: what a probe of {@code peer} found ({@code docs/presence.md}).
 *
 * <ul>
 *   <li>{@link Status#REACHABLE}: a phone of that identity answered; a call would ring.
 *   <li>{@link Status#DO_NOT_DISTURB}: a phone of that identity answered, but it is set to do not
 *       disturb: a call would be answered busy ({@link EndReason#DO_NOT_DISTURB}).
 *   <li>{@link Status#UNKNOWN}: no answer within the probe timeout. The peer may be offline, or its
 *       policy does not answer us, or we asked too often, or the messages were lost: these look the
 *       same on purpose, so a refusal does not tell that the phone is on.
 * </ul>
 *
 * @param peer the probed PeerId
 * @param status what was found
 * @param elapsed from sending the probe to the answer, or to the timeout for {@link Status#UNKNOWN}
 */
public record Presence(PeerId peer, Status status, Duration elapsed) {
  /** The outcome of a probe. */
  public enum Status {
    REACHABLE,
    DO_NOT_DISTURB,
    UNKNOWN
  }

  public Presence {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** True if a phone of the peer answered (reachable, with or without do not disturb). */
  public boolean answered() {
    return status != Status.UNKNOWN;
  }
}
