package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallStats;
import io.peervoice.signaling.call.EndReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One side's report of a call through the overlay ({@code listen}, {@code call}): a short summary
 * and the {@code --json} form. Field names are a stable contract, shared with the demo's report
 * ({@link CallReport}, {@link MediaJson}); add, never rename. A call without media has every field,
 * null where nothing was measured.
 *
 * @param timeline when it rang, was answered and ended (null: judged from {@code stats} alone)
 */
record PhoneReport(
    Call call,
    CallStats stats,
    EndReason reason,
    List<Character> dtmfReceived,
    Double correlation,
    CallTimeline timeline) {

  PhoneReport(
      Call call,
      CallStats stats,
      EndReason reason,
      List<Character> dtmfReceived,
      Double correlation) {
    this(call, stats, reason, dtmfReceived, correlation, null);
  }

  /** Whether the call was answered. */
  boolean answered() {
    return timeline != null ? timeline.isAnswered() : stats.durationMillis() > 0;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> callInfo = new LinkedHashMap<>();
    callInfo.put("id", call.id().toString());
    callInfo.put("direction", call.direction().name().toLowerCase(Locale.ROOT));
    callInfo.put("peer", call.peer().toString());
    callInfo.put("answered", answered());
    callInfo.put("ringing_ms", timeline == null ? null : timeline.ringingMillis());
    callInfo.put("duration_ms", stats.durationMillis());
    root.put("call", callInfo);
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("dial_to_ringing_ms", stats.dialToRingingMillis());
    setup.put("lookup_ms", measured(stats.lookupMillis()));
    setup.put("invite_ms", measured(stats.inviteMillis()));
    setup.put("answer_to_first_audio_ms", stats.answerToFirstAudioMillis());
    setup.put("answer_to_first_packet_ms", measured(stats.answerToFirstPacketMillis()));
    setup.put("ice_connect_ms", stats.media().map(m -> m.iceConnectMillis()).orElse(null));
    setup.put(
        "path_ready_ms",
        stats.media().map(m -> measured(m.iceTimings().pathReadyMillis())).orElse(null));
    if (timeline != null) {
      setup.putAll(breakdown());
    }
    root.put("setup", setup);
    MediaJson.put(root, stats.media(), correlation);
    // S6 wrtcj: which key model keyed the media: DTLS-SRTP with a browser, X25519 between phones
    ((Map<String, Object>) root.get("srtp")).put("keying", call.webRtc() ? "dtls-srtp" : "x25519");
    ProcessingJson.put(root, stats.audioProcessing());
    DeviceJson.put(root, stats.devices());
    Map<String, Object> dtmf = new LinkedHashMap<>();
    dtmf.put("received", digits());
    root.put("dtmf", dtmf);
    ConferenceJson.putRoster(root, call.conference());
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("reason", reason == null ? null : reason.name().toLowerCase(Locale.ROOT));
    end.put(
        "remote_reason",
        stats.remoteReason().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse(null));
    end.put("audio_both_ways", stats.audioBothWays());
    end.put("peer_packets_received", stats.peerPacketsReceived());
    root.put("end", end);
    return root;
  }

  void writeJson(Path file) throws IOException {
    writeJson(file, null);
  }

  /** The report with the host's {@code conference} part (null: none). */
  void writeJson(Path file, Map<String, Object> conference) throws IOException {
    writeJson(file, conference, null);
  }

  /** ... and the {@code transfer} part (S5 xfer; null: none). */
  void writeJson(Path file, Map<String, Object> conference, Map<String, Object> transfer)
      throws IOException {
    Map<String, Object> root = toJson();
    if (conference != null) {
      root.put("conference", conference);
    }
    if (transfer != null) {
      root.put("transfer", transfer);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }

  /** Envelope correlation from which heard speech counts as matching what was sent. */
  static final double SPEECH_MATCH = 0.8;

  /**
   * How a call ended, as the summary says it: the reason, then the peer's own reason when it gave
   * one, e.g. {@code busy (the callee is set to do not disturb)} or {@code remote_hangup
   * (device_failed on the peer's side)}.
   */
  static String ended(EndReason reason, CallStats stats) {
    String why =
        stats
            .remoteReason()
            .filter(r -> r != EndReason.LOCAL_HANGUP)
            .map(
                r ->
                    r == EndReason.DO_NOT_DISTURB // S6 presence
                        ? " (the callee is set to do not disturb)"
                        : " (" + r.name().toLowerCase(Locale.ROOT) + " on the peer's side)")
            .orElse("");
    return (reason == null ? "?" : reason.name().toLowerCase(Locale.ROOT)) + why;
  }

  /** The summary: only what is known (a call never answered has no duration or set-up time). */
  void printSummary(PrintWriter out) {
    boolean outgoing = call.direction() == CallDirection.OUTGOING;
    String head =
        String.format(
            "Call %s %s %s ended: %s",
            call.direction().name().toLowerCase(Locale.ROOT),
            outgoing ? "to" : "from",
            call.peer(),
            ended(reason, stats));
    if (answered()) {
      out.printf("%s after %.1f s%n", head, stats.durationMillis() / 1000.0);
    } else if (timeline != null && outgoing && stats.dialToRingingMillis() < 0) {
      out.printf("%s; never rang (%.1f s after dialling)%n", head, timeline.ringingMillis() / 1e3);
    } else if (timeline != null) {
      long rang = Math.max(0, timeline.ringingMillis() - Math.max(0, stats.dialToRingingMillis()));
      out.printf("%s; not answered (rang %.1f s)%n", head, rang / 1000.0);
    } else {
      out.printf("%s; not answered%n", head);
    }
    StringBuilder setup = new StringBuilder();
    if (stats.dialToRingingMillis() >= 0) {
      setup.append("ringing ").append(stats.dialToRingingMillis()).append(" ms after dialling");
      if (stats.lookupMillis() >= 0 && stats.inviteMillis() >= 0) {
        setup.append(" (lookup ").append(stats.lookupMillis());
        setup.append(", invite ").append(stats.inviteMillis()).append(')');
      }
    }
    if (stats.answerToFirstAudioMillis() >= 0) {
      setup.append(setup.length() > 0 ? ", " : "");
      if (stats.answerToFirstPacketMillis() >= 0) {
        setup.append("first packet ").append(stats.answerToFirstPacketMillis()).append(" ms, ");
      }
      setup
          .append("first audio ")
          .append(stats.answerToFirstAudioMillis())
          .append(" ms after answer");
    }
    if (setup.length() > 0) {
      out.println("  set-up: " + setup);
    }
    if (timeline != null) {
      StringBuilder stages = new StringBuilder();
      breakdown()
          .forEach(
              (name, ms) -> {
                if (ms != null) {
                  stages.append(stages.length() > 0 ? ", " : "");
                  stages.append(name.replace("_ms", "").replace('_', ' ')).append(' ').append(ms);
                }
              });
      out.println("  set-up breakdown (ms): " + stages);
    }
    stats
        .media()
        .ifPresent(
            m -> {
              out.printf(
                  "  path: %s -> %s%s, SRTP %s%s%n",
                  m.localCandidateType().sdpName(),
                  m.remoteCandidateType().sdpName(),
                  RelayPath.words(m),
                  m.srtpProfile(),
                  m.keyingHandshake() // S6 wrtc2
                      .map(d -> String.format(" (DTLS handshake %.1f ms)", d.toNanos() / 1e6))
                      .orElse(""));
              out.printf(
                  "  audio: %d frames sent, %d received, %d concealed; jitter buffer %.0f ms;"
                      + " MOS %.2f%n",
                  m.send().framesSent(),
                  m.receive().framesDecoded(),
                  m.receive().framesConcealed(),
                  m.receive().playout().meanJitterBufferDelayMillis(),
                  m.quality().mos());
            });
    ProcessingJson.print(out, stats.audioProcessing());
    DeviceJson.print(out, stats.devices());
    if (!dtmfReceived.isEmpty()) {
      out.println("  DTMF received: " + digits());
    }
    if (answered() && stats.audioFramesReceived() > 0 && stats.peerNotReportedYet()) {
      out.println( // S7 webmedia
          "  the peer sent no RTCP report before the end (a browser's first comes about 2.5 s"
              + " in): whether it heard us is not known");
    }
    if (answered() && !stats.audioBothWays()) {
      out.printf(
          "  audio did not flow both ways: we decoded %d frames, the peer reports %s of our"
              + " packets%n",
          stats.audioFramesReceived(),
          stats.peerPacketsReceived() < 0 ? "none" : stats.peerPacketsReceived());
    }
    if (correlation != null) {
      out.printf(
          correlation >= SPEECH_MATCH
              ? "  heard speech matches what was sent: envelope correlation %.3f%n"
              : "  heard audio does NOT match what was sent: envelope correlation %.3f%n",
          correlation);
    }
    out.flush();
  }

  private Map<String, Long> breakdown() {
    return timeline.breakdown(
        call.direction() == CallDirection.OUTGOING, stats.answerToFirstAudioMillis());
  }

  /** A stage's milliseconds, or null if it was not reached (or is not measured on this side). */
  private static Long measured(long millis) {
    return millis < 0 ? null : millis;
  }

  private String digits() {
    return dtmfReceived.stream().map(String::valueOf).reduce("", String::concat);
  }
}
