package io.peervoice.demo;

import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.playout.PlayoutStats;
import io.peervoice.media.quality.EModel;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.session.MediaSessionStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ice}, {@code srtp}, {@code network}, {@code audio}, {@code rtcp} and {@code quality}
 * sections of a call report from one phone's media figures, named as in the demo's report ({@link
 * CallReport}). Every field is present; those not measured (a call that never got media) are null.
 */
final class MediaJson {
  private MediaJson() {}

  static void put(Map<String, Object> root, Optional<MediaSessionStats> media, Double correlation) {
    MediaSessionStats m = media.orElse(null);
    boolean has = m != null;
    Map<String, Object> ice = section(root, "ice");
    ice.put("local_type", has ? m.localCandidateType().sdpName() : null);
    ice.put("remote_type", has ? m.remoteCandidateType().sdpName() : null);
    ice.put("connect_ms", has ? m.iceConnectMillis() : null);
    ice.put("loopback_fallback", has ? m.loopbackFallback() : null);
    ice.put("relay_transport", has ? RelayPath.transport(m).orElse(null) : null);
    ice.put("relay_rtt_ms", has ? RelayPath.roundTripMillis(m).orElse(null) : null);
    ice.put("port_prediction", has ? RelayPath.portPrediction(m) : null);
    ice.put("host_gathering_ms", has ? m.iceTimings().hostGatheringMillis() : null);
    ice.put("first_valid_pair_ms", has ? m.iceTimings().firstValidPairMillis() : null);
    ice.put("nominated_ms", has ? m.iceTimings().nominatedMillis() : null);
    ice.put("path_ready_ms", has ? m.iceTimings().pathReadyMillis() : null);
    ice.put("path_set_up_ms", has ? m.iceTimings().pathSetUpMillis() : null);
    Map<String, Object> srtp = section(root, "srtp");
    srtp.put("profile", has ? m.srtpProfile().name() : null);
    srtp.put("aes_provider", has ? io.peervoice.media.srtp.Srtp.aesBackend() : null);
    srtp.put("rejected_packets", has ? m.receive().srtpRejectedTotal() : null);
    srtp.put("rejected_by_reason", has ? byReason(m.receive().srtpRejected()) : null); // S8
    srtp.put("key_derivations", has ? m.srtpKeyDerivations() : null);
    srtp.put("dropped_foreign_source", has ? m.droppedForeignSource() : null);
    // S6 wrtc2: the DTLS handshake's own time (first flight to keys); null for X25519 keys
    srtp.put(
        "dtls_handshake_ms",
        has
            ? m.keyingHandshake().map(d -> d.toNanos() / 1e6).map(MediaJson::round1).orElse(null)
            : null);
    Map<String, Object> network = section(root, "network");
    network.put("send_dropped", has ? m.sendDropped() : null);
    network.put("receive_dropped", has ? m.receiveDropped() : null);
    network.put("foreign_source_dropped", has ? m.droppedForeignSource() : null);
    network.put("stalls", has ? m.stalls().count() : null);
    network.put("stall_ms_max", has ? m.stalls().maxMillis() : null);
    network.put("stall_ms_total", has ? m.stalls().totalMillis() : null);
    PlayoutStats p = has ? m.receive().playout() : null;
    Map<String, Object> audio = section(root, "audio");
    audio.put("codec", "opus");
    audio.put("opus_version", OpusCodec.libraryVersion());
    audio.put("complexity_effective", has ? m.send().complexity() : null);
    audio.put("sent_frames", has ? m.send().framesSent() : 0);
    audio.put("received_frames", has ? m.receive().framesDecoded() : 0);
    audio.put("concealed_frames", has ? m.receive().framesConcealed() : 0);
    audio.put("late_packets", has ? p.buffer().latePackets() : null);
    audio.put("duplicate_packets", has ? p.buffer().duplicates() : null);
    audio.put("fec_recovered", has ? p.fecRecoveredFrames() : null);
    audio.put("jitter_buffer_delay_ms", has ? round1(p.meanJitterBufferDelayMillis()) : null);
    audio.put("jitter_buffer_target_ms", has ? round1(1000 * p.jitterBufferTargetDelay()) : null);
    audio.put("inserted_samples_for_deceleration", has ? p.insertedSamplesForDeceleration() : null);
    audio.put("removed_samples_for_acceleration", has ? p.removedSamplesForAcceleration() : null);
    audio.put(
        "envelope_correlation",
        correlation == null ? null : Math.round(correlation * 1000) / 1000.0);
    RtcpStats r = has ? m.rtcp() : null;
    Map<String, Object> rtcp = section(root, "rtcp");
    rtcp.put(
        "round_trip_time_ms",
        has && r.roundTripTime().isPresent()
            ? round1(1000 * r.roundTripTime().getAsDouble())
            : null);
    rtcp.put("jitter_ms", has ? round1(1000 * r.jitter()) : null);
    rtcp.put("packets_lost", has ? r.packetsLost() : null);
    rtcp.put("packets_received", has ? r.packetsReceived() : null);
    rtcp.put("remote_fraction_lost", has ? r.remoteFractionLost() : null);
    boolean reported = has && r.remotePacketsReceived() >= 0; // S7 webmedia: the peer's figures
    rtcp.put("remote_packets_lost", reported ? r.remotePacketsLost() : null);
    rtcp.put("remote_jitter_ms", reported ? round1(1000 * r.remoteJitter()) : null);
    rtcp.put("reports_sent", has ? r.reportsSent() : null);
    rtcp.put("reports_received", has ? r.reportsReceived() : null);
    EModel.Estimate q = has ? m.quality() : null;
    Map<String, Object> quality = section(root, "quality");
    quality.put("mos", has ? Math.round(q.mos() * 100) / 100.0 : null);
    quality.put("r_factor", has ? round1(q.r()) : null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> root, String name) {
    return (Map<String, Object>) root.computeIfAbsent(name, k -> new LinkedHashMap<>());
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** S8: {@code srtp.rejected_by_reason}, e.g. {@code {"replayed": 1}}: only the reasons seen. */
  private static Map<String, Long> byReason(
      Map<io.peervoice.media.srtp.SrtpRejection, Long> rejected) {
    Map<String, Long> out = new java.util.TreeMap<>();
    rejected.forEach((why, n) -> out.put(why.name().toLowerCase(java.util.Locale.ROOT), n));
    return out;
  }
}
