package io.peervoice.signaling.internal.overlay;

/**
 * Tuning of a peer's overlay client.
 *
 * @param attachments how many nodes to stay attached to
 * @param keepaliveMillis ping period on each attachment (also keeps NAT bindings open)
 * @param deadAfterMillis an attachment silent this long is dead: re-attach elsewhere
 * @param requestTimeoutMillis how long one request may take
 * @param recordLifetimeMillis expiry of published records
 * @param republishMillis period of republishing
 * @param badNodeMillis how long a failed node is avoided
 * @param routeTimeoutMillis how long a node has to confirm delivery of a routed message
 * @param sendDeadlineMillis how long a send keeps retrying before it fails
 */
public record ClientSettings(
    int attachments,
    long keepaliveMillis,
    long deadAfterMillis,
    long requestTimeoutMillis,
    long recordLifetimeMillis,
    long republishMillis,
    long badNodeMillis,
    long routeTimeoutMillis,
    long sendDeadlineMillis) {

  /** Pings every {@code millis}; dead after a little over three missed (as the defaults). */
  public ClientSettings withKeepalive(long millis) {
    return new ClientSettings(
        attachments,
        millis,
        millis * 16 / 5,
        requestTimeoutMillis,
        recordLifetimeMillis,
        republishMillis,
        badNodeMillis,
        routeTimeoutMillis,
        sendDeadlineMillis);
  }

  public static ClientSettings defaults() {
    return new ClientSettings(2, 250, 800, 400, 600_000, 300_000, 10_000, 600, 3_000);
  }
}
