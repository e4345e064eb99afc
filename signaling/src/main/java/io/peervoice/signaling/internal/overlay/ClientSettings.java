package io.peervoice.signaling.internal.overlay;

/**
 * Tuning of a peer's overlay client.
 *
 * @param attachments how many nodes to stay attached to
 * @param keepaliveMillis ping period on each attachment: as slow as NAT bindings allow (the default
 *     25 s is below the 30 s and more that common NATs keep an idle UDP binding), so that a phone's
 *     radio can sleep between pings
 * @param keepaliveTries PINGs (each waiting {@code requestTimeoutMillis}) one keepalive makes
 *     before the node is taken for dead and replaced at once; a request of ours to an attached node
 *     that times out (a lookup, a publish, a routed message) starts such a keepalive at once
 * @param requestTimeoutMillis how long one request may take
 * @param recordLifetimeMillis expiry of published records
 * @param republishMillis period of republishing
 * @param badNodeMillis how long a failed node is avoided at first (doubling with each further
 *     failure, up to 8 times this)
 * @param routeTimeoutMillis how long a node has to confirm delivery of a routed message
 * @param sendDeadlineMillis how long a send keeps retrying before it fails
 */
public record ClientSettings(
    int attachments,
    long keepaliveMillis,
    int keepaliveTries,
    long requestTimeoutMillis,
    long recordLifetimeMillis,
    long republishMillis,
    long badNodeMillis,
    long routeTimeoutMillis,
    long sendDeadlineMillis) {

  /** The default keepalive period: one PING per attachment every 25 s. */
  public static final long DEFAULT_KEEPALIVE_MILLIS = 25_000;

  public ClientSettings {
    if (attachments < 1) {
      throw new IllegalArgumentException("attachments must be at least 1: " + attachments);
    }
    if (keepaliveMillis < 1) {
      throw new IllegalArgumentException("keepaliveMillis must be positive: " + keepaliveMillis);
    }
    if (keepaliveTries < 1) {
      throw new IllegalArgumentException("keepaliveTries must be at least 1: " + keepaliveTries);
    }
  }

  /** These settings pinging every {@code millis}. */
  public ClientSettings withKeepalive(long millis) {
    return new ClientSettings(
        attachments,
        millis,
        keepaliveTries,
        requestTimeoutMillis,
        recordLifetimeMillis,
        republishMillis,
        badNodeMillis,
        routeTimeoutMillis,
        sendDeadlineMillis);
  }

  /**
   * Two attachments, a keepalive every 25 s of up to 3 PINGs 400 ms apart (a dead node is replaced
   * at most 26.2 s after it died, or 1.2 s after a request to it timed out).
   */
  public static ClientSettings defaults() {
    return new ClientSettings(
        2, DEFAULT_KEEPALIVE_MILLIS, 3, 400, 600_000, 300_000, 10_000, 600, 3_000);
  }
}
