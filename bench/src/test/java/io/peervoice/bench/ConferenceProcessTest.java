package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.Identity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a conference hosted by a phone, as separate processes: three {@code peervoice node}s,
 * two participants ({@code listen}) and a host ({@code call B --add C}). Each sends its own tone in
 * random bursts (400, 1000, 2200 Hz); each recording must follow the other two sources (band-pass
 * at their tones, envelope correlation) and hold nothing of its own tone (mix-minus), and the
 * roster must reach both participants.
 */
class ConferenceProcessTest {
  private static final Map<String, Double> HZ = Map.of("a", 400.0, "b", 1000.0, "c", 2200.0);

  private final ProcessHarness harness = new ProcessHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void eachParticipantHearsTheOtherTwoAndNotItself(@TempDir Path dir) throws Exception {
    harness.startNodes(3);
    Map<String, Identity> ids = new java.util.TreeMap<>();
    Map<String, PcmClip> sources = new java.util.TreeMap<>();
    long seed = 17;
    for (String who : List.of("a", "b", "c")) {
      ids.put(who, harness.identity(dir, who));
      PcmClip tone = ToneBursts.make(seed++, HZ.get(who), 20);
      WavFile.write(dir.resolve(who + ".wav"), tone);
      sources.put(who, tone);
    }
    Map<String, List<String>> out = new java.util.TreeMap<>();
    Map<String, Process> listeners = new java.util.TreeMap<>();
    for (String who : List.of("b", "c")) {
      List<String> lines = new CopyOnWriteArrayList<>();
      out.put(who, lines);
      listeners.put(
          who,
          harness.peervoice(
              harness.as(
                  dir,
                  who,
                  "listen",
                  "--auto-answer",
                  "--calls",
                  "1",
                  "--play",
                  dir.resolve(who + ".wav").toString(),
                  "--record",
                  dir.resolve(who + "-heard.wav").toString(),
                  "--json",
                  dir.resolve(who + ".json").toString()),
              lines));
    }
    out.values().forEach(ProcessHarness::awaitReady);
    List<String> hostOut = new CopyOnWriteArrayList<>();
    out.put("a", hostOut);
    Process host =
        harness.peervoice(
            harness.as(
                dir,
                "a",
                "call",
                ids.get("b").peerId().toString(),
                "--add",
                ids.get("c").peerId().toString(),
                "--play",
                dir.resolve("a.wav").toString(),
                "--seconds",
                "9",
                "--record",
                dir.resolve("a-heard.wav").toString(),
                "--json",
                dir.resolve("a.json").toString()),
            hostOut);
    ProcessHarness.exitsZero(host, 120, hostOut);
    for (String who : List.of("b", "c")) {
      ProcessHarness.exitsZero(listeners.get(who), 30, out.get(who));
    }

    JsonNode a = ProcessHarness.json(dir.resolve("a.json"));
    assertThat(a.at("/conference/hosted_here").asBoolean()).as("%s", a).isTrue();
    assertThat(a.at("/conference/legs")).hasSize(2);
    assertThat(a.at("/conference/mixer/frames_mixed").asLong()).isGreaterThan(500);
    List<String> everyone = ids.values().stream().map(i -> i.peerId().toString()).sorted().toList();
    assertThat(peers(a)).as("%s", a).isEqualTo(everyone);
    for (String who : List.of("b", "c")) {
      JsonNode r = ProcessHarness.json(dir.resolve(who + ".json"));
      assertThat(r.at("/conference/hosted_here").asBoolean()).isFalse();
      assertThat(peers(r)).as("the roster reached %s: %s", who, r).isEqualTo(everyone);
      assertThat(r.at("/conference/participants/0/host").asBoolean()).isTrue();
      assertThat(r.at("/conference/participants/0/peer").asText())
          .isEqualTo(ids.get("a").peerId().toString());
      assertThat(out.get(who)).anyMatch(l -> l.startsWith("conference: ") && l.contains("host"));
    }

    for (String who : List.of("a", "b", "c")) {
      PcmClip heard = WavFile.read(dir.resolve(who + "-heard.wav"));
      double own = ToneBursts.rms(ToneBursts.band(heard, HZ.get(who)));
      for (String other : List.of("a", "b", "c")) {
        if (other.equals(who)) {
          continue;
        }
        EnvelopeSimilarity.Result m =
            ToneBursts.match(sources.get(other), 3.5, 7.5, heard, HZ.get(other));
        double theirs = ToneBursts.rms(ToneBursts.band(heard, HZ.get(other)));
        assertThat(m.correlation())
            .as("%s hears %s (lag %d ms)", who, other, m.lagMillis())
            .isGreaterThan(0.6);
        assertThat(own)
            .as(
                "%s hears nothing of itself: its band %.0f against %s's %.0f",
                who, own, other, theirs)
            .isLessThan(theirs / 8);
      }
    }
  }

  private static List<String> peers(JsonNode report) {
    List<String> out = new ArrayList<>();
    report.at("/conference/participants").forEach(p -> out.add(p.at("/peer").asText()));
    return out.stream().sorted().toList();
  }
}
