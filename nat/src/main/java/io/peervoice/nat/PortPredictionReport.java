package io.peervoice.nat;

/**
 * What port prediction did for a call ({@link IceConfig.Builder#portPrediction(boolean)}); call
 * reports show it as {@code ice.port_prediction}.
 *
 * @param tried whether a burst was sent (on, and both ends had a server-reflexive candidate)
 * @param probesSent connectivity checks this side sent: its sprayed probes, one per opened socket,
 *     and the nominations
 * @param socketsOpened short-lived sockets this side opened toward the peer's reflexive address
 * @param found whether the burst found a direct path, which then carries the media
 * @param active whether the media goes over that direct path now (false after it lost consent and
 *     the media went back to the relay)
 */
public record PortPredictionReport(
    boolean tried, int probesSent, int socketsOpened, boolean found, boolean active) {

  /** Port prediction off or not tried. */
  public static final PortPredictionReport NOT_TRIED =
      new PortPredictionReport(false, 0, 0, false, false);

  public PortPredictionReport {
    if (probesSent < 0 || socketsOpened < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
