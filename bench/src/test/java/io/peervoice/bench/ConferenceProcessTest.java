package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.Identity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

  private Process peervoice(List<String> args, List<String> output) throws Exception {
    return harness.peervoice(args, output);
  }

  @Test
  void eachParticipantHearsTheOtherTwoAndNotItself(@TempDir Path dir) throws Exception {
    String bootstrap = harness.startNodes(3);
    SecureRandom random = new SecureRandom();
    Map<String, Identity> ids = new java.util.TreeMap<>();
    Map<String, PcmClip> sources = new java.util.TreeMap<>();
    long seed = 17;
    for (String who : List.of("a", "b", "c")) {
      Identity id = Identity.generate(random);
      id.save(dir.resolve(who + ".id"));
      ids.put(who, id);
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
          peervoice(
              List.of(
                  "listen",
                  "--id-file",
                  dir.resolve(who + ".id").toString(),
                  "--bootstrap",
                  bootstrap,
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
    for (String who : List.of("b", "c")) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> out.get(who).stream().anyMatch(l -> l.startsWith("ready ")));
    }
    List<String> hostOut = new CopyOnWriteArrayList<>();
    out.put("a", hostOut);
    Process host =
        peervoice(
            List.of(
                "call",
                ids.get("b").peerId().toString(),
                "--add",
                ids.get("c").peerId().toString(),
                "--id-file",
                dir.resolve("a.id").toString(),
                "--bootstrap",
                bootstrap,
                "--play",
                dir.resolve("a.wav").toString(),
                "--seconds",
                "9",
                "--record",
                dir.resolve("a-heard.wav").toString(),
                "--json",
                dir.resolve("a.json").toString()),
            hostOut);
    assertThat(host.waitFor(120, TimeUnit.SECONDS)).as("host finished: %s", hostOut).isTrue();
    assertThat(host.exitValue()).as("host: %s", hostOut).isZero();
    for (String who : List.of("b", "c")) {
      assertThat(listeners.get(who).waitFor(30, TimeUnit.SECONDS)).as("%s", out.get(who)).isTrue();
      assertThat(listeners.get(who).exitValue()).as("%s: %s", who, out.get(who)).isZero();
    }

    ObjectMapper json = new ObjectMapper();
    JsonNode a = json.readTree(dir.resolve("a.json").toFile());
    assertThat(a.at("/conference/hosted_here").asBoolean()).as("%s", a).isTrue();
    assertThat(a.at("/conference/legs")).hasSize(2);
    assertThat(a.at("/conference/mixer/frames_mixed").asLong()).isGreaterThan(500);
    List<String> everyone = ids.values().stream().map(i -> i.peerId().toString()).sorted().toList();
    assertThat(peers(a)).as("%s", a).isEqualTo(everyone);
    for (String who : List.of("b", "c")) {
      JsonNode r = json.readTree(dir.resolve(who + ".json").toFile());
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
