package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.playout.PlayoutStats;
import io.peervoice.media.quality.EModel;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.session.MediaSessionStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's call report: a short human summary and the {@code --json} form. JSON field names are a
 * stable contract; add fields, never rename them.
 */
final class CallReport {

  private CallReport() {}

  static Map<String, Object> toJson(LocalCallReport report, EnvelopeSimilarity.Result match) {
    MediaSessionStats caller = report.caller();
    MediaSessionStats callee = report.callee();
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("answer_to_first_audio_ms", report.answerToFirstAudioMillis());
    setup.put("ice_connect_ms", callee.iceConnectMillis());
    Map<String, Object> ice = new LinkedHashMap<>();
    ice.put("local_type", callee.localCandidateType().sdpName());
    ice.put("remote_type", callee.remoteCandidateType().sdpName());
    ice.put("loopback_fallback", callee.loopbackFallback());
    ice.put("relay_transport", RelayPath.transport(callee).orElse(null));
    ice.put("relay_rtt_ms", RelayPath.roundTripMillis(callee).orElse(null));
    ice.put("port_prediction", RelayPath.portPrediction(callee));
    ice.put("host_gathering_ms", callee.iceTimings().hostGatheringMillis());
    ice.put("first_valid_pair_ms", callee.iceTimings().firstValidPairMillis());
    ice.put("nominated_ms", callee.iceTimings().nominatedMillis());
    ice.put("path_ready_ms", callee.iceTimings().pathReadyMillis());
    ice.put("path_set_up_ms", callee.iceTimings().pathSetUpMillis());
    Map<String, Object> srtp = new LinkedHashMap<>();
    srtp.put("profile", callee.srtpProfile().name());
    srtp.put("keying", "x25519"); // S6 wrtcj: phone to phone; "dtls-srtp" with a browser
    srtp.put("aes_provider", io.peervoice.media.srtp.Srtp.aesBackend());
    srtp.put("rejected_packets", callee.receive().srtpRejectedTotal());
    Map<String, Object> audio = new LinkedHashMap<>();
    audio.put("codec", "opus");
    audio.put("opus_version", report.opusVersion());
    audio.put("sent_frames", report.sentFrames());
    audio.put("received_frames", report.receivedFrames());
    audio.put("concealed_frames", report.concealedFrames());
    PlayoutStats playout = callee.receive().playout();
    audio.put("late_packets", playout.buffer().latePackets());
    audio.put("duplicate_packets", playout.buffer().duplicates());
    audio.put("fec_recovered", playout.fecRecoveredFrames());
    audio.put("jitter_buffer_delay_ms", round1(playout.meanJitterBufferDelayMillis()));
    audio.put("jitter_buffer_target_ms", round1(1000 * playout.jitterBufferTargetDelay()));
    audio.put("inserted_samples_for_deceleration", playout.insertedSamplesForDeceleration());
    audio.put("removed_samples_for_acceleration", playout.removedSamplesForAcceleration());
    audio.put("envelope_correlation", Math.round(match.correlation() * 1000) / 1000.0);
    audio.put("return_sent_frames", callee.send().framesSent());
    audio.put("return_received_frames", caller.receive().framesDecoded());
    RtcpStats callerRtcp = caller.rtcp();
    RtcpStats calleeRtcp = callee.rtcp();
    Map<String, Object> rtcp = new LinkedHashMap<>();
    rtcp.put(
        "round_trip_time_ms",
        callerRtcp.roundTripTime().isPresent()
            ? round1(1000 * callerRtcp.roundTripTime().getAsDouble())
            : null);
    rtcp.put("jitter_ms", round1(1000 * calleeRtcp.jitter()));
    rtcp.put("packets_lost", calleeRtcp.packetsLost());
    rtcp.put("packets_received", calleeRtcp.packetsReceived());
    rtcp.put("remote_fraction_lost", callerRtcp.remoteFractionLost());
    rtcp.put("reports_sent", callerRtcp.reportsSent() + calleeRtcp.reportsSent());
    rtcp.put("reports_received", callerRtcp.reportsReceived() + calleeRtcp.reportsReceived());
    EModel.Estimate heard = callee.quality();
    Map<String, Object> quality = new LinkedHashMap<>();
    quality.put("mos", Math.round(heard.mos() * 100) / 100.0);
    quality.put("r_factor", round1(heard.r()));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("setup", setup);
    root.put("ice", ice);
    root.put("srtp", srtp);
    Map<String, Object> network = new LinkedHashMap<>(); // what the callee received: its stalls
    network.put("stalls", callee.stalls().count());
    network.put("stall_ms_max", callee.stalls().maxMillis());
    network.put("stall_ms_total", callee.stalls().totalMillis());
    root.put("network", network);
    root.put("audio", audio);
    root.put("rtcp", rtcp);
    root.put("quality", quality);
    ProcessingJson.put(root, java.util.Optional.empty()); // the demo sends a file: no processing
    return root;
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static void writeJson(
      Path file, LocalCallReport report, EnvelopeSimilarity.Result match, EmbeddedCall.Result call)
      throws IOException {
    Map<String, Object> root = toJson(report, match);
    @SuppressWarnings("unchecked")
    Map<String, Object> setup = (Map<String, Object>) root.get("setup");
    setup.put("dial_to_ringing_ms", call.dialToRingingMillis());
    setup.put("answer_delay_ms", EmbeddedCall.ANSWER_DELAY_MILLIS);
    Map<String, Object> overlay = new LinkedHashMap<>();
    overlay.put("nodes", 3);
    root.put("overlay", overlay);
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("reason", call.endReason().name().toLowerCase(java.util.Locale.ROOT));
    root.put("end", end);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }

  static void printSummary(
      PrintWriter out, LocalCallReport report, EnvelopeSimilarity.Result match, Path wav) {
    MediaSessionStats callee = report.callee();
    out.printf(
        "Connected %s -> %s in %d ms%s; first audio %d ms after answer%n",
        callee.localCandidateType().sdpName(),
        callee.remoteCandidateType().sdpName(),
        callee.iceConnectMillis(),
        callee.loopbackFallback() ? " (loopback fallback, no ICE)" : " (ICE)",
        report.answerToFirstAudioMillis());
    out.printf(
        "Audio: %d frames sent, %d received, %d concealed; SRTP %s, %s%n",
        report.sentFrames(),
        report.receivedFrames(),
        report.concealedFrames(),
        callee.srtpProfile(),
        report.opusVersion());
    out.printf(
        "Heard speech matches what was sent: envelope correlation %.3f (lag %d ms)%n",
        match.correlation(), match.lagMillis());
    RtcpStats rtcp = report.caller().rtcp();
    out.printf(
        "RTCP: round trip %s, jitter %.1f ms, %d lost%n",
        rtcp.roundTripTime().isPresent()
            ? String.format("%.1f ms", 1000 * rtcp.roundTripTime().getAsDouble())
            : "not measured",
        1000 * callee.rtcp().jitter(),
        callee.rtcp().packetsLost());
    out.printf("Estimated quality (E-model): MOS %.2f%n", callee.quality().mos());
    out.printf("Wrote what the callee heard to %s%n", wav);
    out.flush();
  }
}
