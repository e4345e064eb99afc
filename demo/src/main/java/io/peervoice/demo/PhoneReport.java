package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.playout.PlayoutStats;
import io.peervoice.media.quality.EModel;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallStats;
import io.peervoice.sdk.MediaSessionStats;
import io.peervoice.signaling.call.EndReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side's report of a call through the overlay ({@code listen}, {@code call}): a short summary
 * and the {@code --json} form. Field names are a stable contract; add, never rename.
 */
record PhoneReport(
    Call call,
    CallStats stats,
    EndReason reason,
    List<Character> dtmfReceived,
    Double correlation) {

  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> callInfo = new LinkedHashMap<>();
    callInfo.put("id", call.id().toString());
    callInfo.put("direction", call.direction().name().toLowerCase(java.util.Locale.ROOT));
    callInfo.put("peer", call.peer().toString());
    callInfo.put("duration_ms", stats.durationMillis());
    root.put("call", callInfo);
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("dial_to_ringing_ms", stats.dialToRingingMillis());
    setup.put("answer_to_first_audio_ms", stats.answerToFirstAudioMillis());
    root.put("setup", setup);
    stats.media().ifPresent(m -> media(root, m));
    Map<String, Object> dtmf = new LinkedHashMap<>();
    dtmf.put("received", dtmfReceived.stream().map(String::valueOf).reduce("", String::concat));
    root.put("dtmf", dtmf);
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("reason", reason == null ? null : reason.name().toLowerCase(java.util.Locale.ROOT));
    root.put("end", end);
    return root;
  }

  private void media(Map<String, Object> root, MediaSessionStats m) {
    Map<String, Object> ice = new LinkedHashMap<>();
    ice.put("local_type", m.localCandidateType().sdpName());
    ice.put("remote_type", m.remoteCandidateType().sdpName());
    ice.put("connect_ms", m.iceConnectMillis());
    ice.put("loopback_fallback", m.loopbackFallback());
    root.put("ice", ice);
    Map<String, Object> srtp = new LinkedHashMap<>();
    srtp.put("profile", m.srtpProfile().name());
    srtp.put("aes_provider", io.peervoice.media.srtp.Srtp.aesBackend());
    srtp.put("rejected_packets", m.receive().srtpRejectedTotal());
    srtp.put("key_derivations", m.srtpKeyDerivations());
    srtp.put("dropped_foreign_source", m.droppedForeignSource());
    root.put("srtp", srtp);
    PlayoutStats playout = m.receive().playout();
    Map<String, Object> audio = new LinkedHashMap<>();
    audio.put("codec", "opus");
    audio.put("sent_frames", m.send().framesSent());
    audio.put("received_frames", m.receive().framesDecoded());
    audio.put("concealed_frames", m.receive().framesConcealed());
    audio.put("late_packets", playout.buffer().latePackets());
    audio.put("jitter_buffer_delay_ms", round1(playout.meanJitterBufferDelayMillis()));
    if (correlation != null) {
      audio.put("envelope_correlation", Math.round(correlation * 1000) / 1000.0);
    }
    root.put("audio", audio);
    RtcpStats r = m.rtcp();
    Map<String, Object> rtcp = new LinkedHashMap<>();
    rtcp.put(
        "round_trip_time_ms",
        r.roundTripTime().isPresent() ? round1(1000 * r.roundTripTime().getAsDouble()) : null);
    rtcp.put("jitter_ms", round1(1000 * r.jitter()));
    rtcp.put("packets_lost", r.packetsLost());
    rtcp.put("packets_received", r.packetsReceived());
    rtcp.put("reports_sent", r.reportsSent());
    rtcp.put("reports_received", r.reportsReceived());
    root.put("rtcp", rtcp);
    EModel.Estimate q = m.quality();
    Map<String, Object> quality = new LinkedHashMap<>();
    quality.put("mos", Math.round(q.mos() * 100) / 100.0);
    quality.put("r_factor", round1(q.r()));
    root.put("quality", quality);
  }

  void writeJson(Path file) throws IOException {
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), toJson());
  }

  void printSummary(PrintWriter out) {
    out.printf(
        "Call %s %s %s ended: %s after %.1f s%n",
        call.direction().name().toLowerCase(java.util.Locale.ROOT),
        call.direction() == io.peervoice.sdk.CallDirection.OUTGOING ? "to" : "from",
        call.peer(),
        reason == null ? "?" : reason.name().toLowerCase(java.util.Locale.ROOT),
        stats.durationMillis() / 1000.0);
    if (stats.dialToRingingMillis() >= 0) {
      out.printf("  set-up: ringing %d ms after dialling", stats.dialToRingingMillis());
      out.printf(", first audio %d ms after answer%n", stats.answerToFirstAudioMillis());
    } else if (stats.answerToFirstAudioMillis() >= 0) {
      out.printf("  set-up: first audio %d ms after answer%n", stats.answerToFirstAudioMillis());
    }
    stats
        .media()
        .ifPresent(
            m -> {
              out.printf(
                  "  path: %s -> %s, SRTP %s%n",
                  m.localCandidateType().sdpName(),
                  m.remoteCandidateType().sdpName(),
                  m.srtpProfile());
              out.printf(
                  "  audio: %d frames sent, %d received, %d concealed; jitter buffer %.0f ms;"
                      + " MOS %.2f%n",
                  m.send().framesSent(),
                  m.receive().framesDecoded(),
                  m.receive().framesConcealed(),
                  m.receive().playout().meanJitterBufferDelayMillis(),
                  m.quality().mos());
            });
    if (!dtmfReceived.isEmpty()) {
      out.println(
          "  DTMF received: "
              + dtmfReceived.stream().map(String::valueOf).reduce("", String::concat));
    }
    if (correlation != null) {
      out.printf("  heard speech matches what was sent: envelope correlation %.3f%n", correlation);
    }
    out.flush();
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
