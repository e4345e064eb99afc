package io.peervoice.demo;

import io.peervoice.session.MediaSessionStats;
import io.peervoice.session.SessionDescription;
import java.util.Map;

/**
 * The path fields of a lab-peer row ({@code nat/lab/nat-matrix.sh}): which pair ICE selected and
 * through what, how the media fared on it, and what the peer offered.
 */
final class LabPathFields {
  private LabPathFields() {}

  /** Puts the fields of {@code stats}'s path into {@code row}; {@code offered} is the peer's. */
  static void put(Map<String, Object> row, MediaSessionStats stats, SessionDescription offered) {
    row.put(
        "pair", stats.localCandidateType().sdpName() + "-" + stats.remoteCandidateType().sdpName());
    // which address the peer's end is and what the peer offered: a peer-reflexive remote on a
    // direct row (S14: prc:prc once in CI) tells whether its address was offered after all
    var remote = stats.remoteCandidate();
    row.put("remote_address", HostPort.format(remote.address(), remote.port()));
    row.put(
        "remote_offered",
        offered.ice().candidates().stream()
            .map(c -> c.type().sdpName() + " " + HostPort.format(c.address(), c.port()))
            .toList());
    row.put("relay_transport", RelayPath.transport(stats).orElse("none"));
    row.put("relay_rtt_ms", RelayPath.roundTripMillis(stats).orElse(null));
    row.put("port_prediction", RelayPath.portPrediction(stats));
    row.put("stalls", stats.stalls().count());
    row.put("stall_ms_max", stats.stalls().maxMillis());
    row.put("stall_ms_total", stats.stalls().totalMillis());
    row.put(
        "rtt_ms",
        stats.rtcp().roundTripTime().isPresent()
            ? MediaJson.round1(1000 * stats.rtcp().roundTripTime().getAsDouble())
            : null);
  }
}
