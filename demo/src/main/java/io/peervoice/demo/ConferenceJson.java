package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallStats;
import io.peervoice.sdk.Conference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code conference} part of a {@code --json} report: {@code participants} (peer, host,
 * speaking, level_dbov, muted, held), and on the host the mixer's figures and each leg. Field names
 * are a stable contract: add, never rename.
 */
final class ConferenceJson {
  private ConferenceJson() {}

  /** A participant's report: the roster the host last sent, if this call was in a conference. */
  static void putRoster(Map<String, Object> root, List<Conference.Member> roster) {
    if (!roster.isEmpty()) {
      Map<String, Object> conference = new LinkedHashMap<>();
      conference.put("hosted_here", false);
      conference.put("participants", members(roster));
      root.put("conference", conference);
    }
  }

  /** The host's report: the roster before the hang-up, the mixer's figures, each leg's end. */
  static Map<String, Object> host(
      List<Conference.Member> roster, Conference.Figures figures, List<Call> legs) {
    Map<String, Object> conference = new LinkedHashMap<>();
    conference.put("hosted_here", true);
    conference.put("participants", members(roster));
    Map<String, Object> mixer = new LinkedHashMap<>();
    mixer.put("frames_mixed", figures.framesMixed());
    mixer.put("shared_encoded", figures.sharedEncoded());
    mixer.put("shared_sent", figures.sharedSent());
    mixer.put("underruns", figures.underruns());
    mixer.put("skipped", figures.skipped());
    mixer.put("delay_mean_ms", round(figures.meanDelayMillis()));
    mixer.put("delay_p95_ms", round(figures.p95DelayMillis()));
    mixer.put("delay_max_ms", round(figures.maxDelayMillis()));
    conference.put("mixer", mixer);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Call call : legs) {
      CallStats s = call.stats();
      Map<String, Object> leg = new LinkedHashMap<>();
      leg.put("peer", call.peer().toString());
      leg.put("call_id", call.id().toString());
      leg.put(
          "end_reason",
          call.ended().isDone()
              ? call.ended().join().name().toLowerCase(Locale.ROOT)
              : s.state().name().toLowerCase(Locale.ROOT));
      leg.put("sent_frames", s.media().map(m -> m.send().framesSent()).orElse(0L));
      leg.put("received_frames", s.audioFramesReceived());
      leg.put("concealed_frames", s.media().map(m -> m.receive().framesConcealed()).orElse(0L));
      out.add(leg);
    }
    conference.put("legs", out);
    return conference;
  }

  private static List<Map<String, Object>> members(List<Conference.Member> roster) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Conference.Member m : roster) {
      Map<String, Object> member = new LinkedHashMap<>();
      member.put("peer", m.peer().toString());
      member.put("host", m.host());
      member.put("speaking", m.speaking());
      member.put("level_dbov", round(m.levelDbov()));
      member.put("muted", m.muted());
      member.put("held", m.held());
      out.add(member);
    }
    return out;
  }

  /** One line for a terminal: who is in, the host and the speakers marked. */
  static String line(List<Conference.Member> roster) {
    if (roster.isEmpty()) {
      return "conference: left (a plain call again)";
    }
    StringBuilder b = new StringBuilder("conference: ");
    for (Conference.Member m : roster) {
      b.append(b.length() > 12 ? ", " : "").append(m.peer());
      List<String> marks = new ArrayList<>();
      if (m.host()) {
        marks.add("host");
      }
      if (m.speaking()) {
        marks.add("speaking");
      }
      if (m.muted()) {
        marks.add("muted");
      }
      if (m.held()) {
        marks.add("held");
      }
      if (!marks.isEmpty()) {
        b.append(" (").append(String.join(", ", marks)).append(')');
      }
    }
    return b.toString();
  }

  /**
   * Prints the roster each time who is in it (or muted, or held) changes; a change of speakers
   * alone is not worth a line. Thread-safe.
   */
  static java.util.function.Consumer<List<Conference.Member>> printer(java.io.PrintWriter out) {
    java.util.concurrent.atomic.AtomicReference<List<String>> last =
        new java.util.concurrent.atomic.AtomicReference<>(List.of());
    return members -> {
      List<String> who =
          members.stream().map(m -> m.peer() + "/" + m.muted() + "/" + m.held()).toList();
      if (!who.equals(last.getAndSet(who))) {
        out.println(line(members));
        out.flush();
      }
    };
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
