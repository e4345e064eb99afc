package io.peervoice.nat.internal;

import io.peervoice.nat.PathState;
import java.time.Duration;

/** Maps the age of the last consent (RFC 7675) to a path state. Pure. */
final class ConsentMonitor {
  private final long disconnectAfterMillis;
  private final long failAfterMillis;

  ConsentMonitor(Duration disconnectAfter, Duration failAfter) {
    this.disconnectAfterMillis = disconnectAfter.toMillis();
    this.failAfterMillis = failAfter.toMillis();
  }

  /**
   * @param lastConsentMillis when consent was last confirmed, or a negative value if never since
   *     {@code connectedMillis}
   */
  PathState evaluate(long lastConsentMillis, long connectedMillis, long nowMillis) {
    long since = nowMillis - Math.max(lastConsentMillis, connectedMillis);
    if (since >= failAfterMillis) {
      return PathState.FAILED;
    }
    return since >= disconnectAfterMillis ? PathState.DISCONNECTED : PathState.CONNECTED;
  }

  /**
   * Milliseconds from {@code nowMillis} until {@link #evaluate} gives another state if no consent
   * comes meanwhile, or -1 once the path has failed (no later change).
   */
  long untilNextChange(long lastConsentMillis, long connectedMillis, long nowMillis) {
    long since = nowMillis - Math.max(lastConsentMillis, connectedMillis);
    if (since < disconnectAfterMillis) {
      return disconnectAfterMillis - since;
    }
    return since < failAfterMillis ? failAfterMillis - since : -1;
  }
}
