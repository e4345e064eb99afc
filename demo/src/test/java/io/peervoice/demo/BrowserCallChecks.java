package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.WavFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the browser call tests check (S8: shared by {@link BrowserCallTest} and {@link
 * BrowserCrossNodeCallTest}): the browser's and the Java phone's reports, and that a Java phone
 * heard the browser's speech.
 */
final class BrowserCallChecks {
  private BrowserCallChecks() {}

  /** A new identity file in {@code dir}. */
  static String id(Path dir, String name) {
    Path file = dir.resolve(name);
    assertThat(new Cli().run("id", "new", "--file", file.toString())).isZero();
    return file.toString();
  }

  /**
   * A {@code peervoice listen --auto-answer --calls 1} in its own JVM with the JVM options the
   * launcher gives a phone ({@link PhoneJvmOptions}), as users run it (S17; until then it ran in
   * the test's JVM, beside the node and the test, with that JVM's options): its output, its exit
   * code to come and its PeerId, once it printed {@code ready}. {@code webrtc}: a listener that
   * expects browser calls warms up for them at start. {@link #close} ends it if it still runs.
   */
  record Listener(CliProcess process, String peerId) implements AutoCloseable {
    /** Asserts it exits 0 within {@code wait}, with its output on failure. */
    void exitsZero(Duration wait) throws Exception {
      assertThat(process.exitCode(wait)).as(output()).isZero();
    }

    /** Everything it printed so far, stdout and stderr. */
    String output() {
      return String.join("\n", process.texts());
    }

    /**
     * S19: with {@code PEERVOICE_LOG} set (the listener inherits it), prints what the listener
     * printed, each line prefixed {@code LISTENER}, so that its debug log traces a call's steps.
     */
    void traceIfLogging() {
      if (System.getenv("PEERVOICE_LOG") != null) {
        for (String line : process.texts()) {
          System.out.println("LISTENER " + line);
        }
      }
    }

    @Override
    public void close() {
      process.close();
    }
  }

  /**
   * Starts a {@link Listener} playing {@code play}, recording {@code heard}, reporting {@code
   * json}.
   */
  static Listener listen(
      Path dir, String bootstrap, Path play, Path heard, Path json, boolean webrtc, Duration wait)
      throws IOException {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "listen", "--id-file", id(dir, "listener.id"), "--bootstrap", bootstrap));
    args.addAll(
        java.util.List.of(
            "--auto-answer",
            "--calls",
            "1",
            "--play",
            play.toString(),
            "--record",
            heard.toString(),
            "--json",
            json.toString()));
    if (webrtc) {
      args.add("--webrtc");
    }
    CliProcess process = CliProcess.start(PhoneJvmOptions.forCalls(System.getenv(), 1), args);
    try {
      String ready = process.await(l -> l.startsWith("ready "), wait).text();
      return new Listener(process, ready.substring("ready ".length()).trim());
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    }
  }

  /** The browser's report: DTLS-SRTP, Opus, packets and audio energy received. */
  static void assertBrowserHeardMedia(JsonNode stats) {
    assertThat(stats.at("/srtp/keying").asText()).isEqualTo("dtls-srtp");
    assertThat(stats.at("/srtp/dtls_state").asText()).as(stats.toString()).isEqualTo("connected");
    assertThat(stats.at("/srtp/profile").asText())
        .isIn("AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80");
    assertThat(stats.at("/audio/codec").asText()).isEqualTo("opus");
    assertThat(stats.at("/network/packets_received").asLong())
        .as(stats.toString())
        .isGreaterThan(40);
    assertThat(stats.at("/audio/total_audio_energy").asDouble())
        .as(stats.toString())
        .isGreaterThan(0);
  }

  /** The Java phone's report: DTLS-SRTP keying, audio decoded, the page's DTMF. */
  static void assertJavaReport(JsonNode report, String digits, Cli cli) {
    assertJavaReport(report, digits, cli.out + "\n" + cli.err);
  }

  /** {@link #assertJavaReport(JsonNode, String, Cli)} of a phone that printed {@code output}. */
  static void assertJavaReport(JsonNode report, String digits, String output) {
    String context = report + "\n" + output;
    assertThat(report.at("/srtp/profile").asText())
        .isIn("AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80");
    assertThat(report.at("/audio/received_frames").asLong()).as(context).isGreaterThan(40);
    assertThat(report.at("/dtmf/received").asText()).as(context).isEqualTo(digits);
    assertThat(report.at("/srtp/keying").asText()).as(context).isEqualTo("dtls-srtp");
    // S7 webmedia: the browser's receiver reports are matched to our stream
    assertThat(report.at("/rtcp/reports_received").asLong()).as(context).isPositive();
    assertThat(report.at("/end/peer_packets_received").asLong()).as(context).isGreaterThan(40);
    assertThat(report.at("/end/audio_both_ways").asBoolean()).as(context).isTrue();
    assertThat(report.at("/rtcp/remote_jitter_ms").isNumber()).as(context).isTrue();
    assertThat(report.at("/rtcp/remote_packets_lost").isNumber()).as(context).isTrue();
    assertThat(output).doesNotContain("did not flow");
  }

  /**
   * What a Java phone recorded is Chromium's fake microphone, the speech sample: envelope
   * correlation at least 0.8 (Chromium started the file at getUserMedia, so the recording may be
   * ahead of or behind the sample's start: both are searched).
   */
  static void assertHeardSpeech(Path speech, Path heard, String who) throws IOException {
    assertHeardSpeech(speech, heard, who, 0.8);
  }

  /**
   * {@link #assertHeardSpeech(Path, Path, String)} with another least correlation: S13, a
   * conference participant hears the page through the host's mix, one more jitter buffer, decode
   * and encode (issue 17's process test asks 0.6 of a mixed source).
   */
  static void assertHeardSpeech(Path speech, Path heard, String who, double least)
      throws IOException {
    PcmClip sample = WavFile.read(speech);
    PcmClip whole = WavFile.read(heard);
    // the first half second of audio is the jitter buffer filling and Chromium's gain control
    // settling; S10: counted from the first sound, not from the file's start (the recording starts
    // at the answer: on a loaded machine the set-up's silence took part of that half second)
    int skip = Math.min(whole.samples().length, firstSound(whole) + whole.sampleRate() / 2);
    PcmClip recorded =
        new PcmClip(
            whole.sampleRate(),
            java.util.Arrays.copyOfRange(whole.samples(), skip, whole.samples().length));
    EnvelopeSimilarity.Result late = EnvelopeSimilarity.compare(sample, recorded, 3_000);
    EnvelopeSimilarity.Result early = EnvelopeSimilarity.compare(recorded, sample, 3_000);
    double best = Math.max(late.correlation(), early.correlation());
    System.out.printf(
        "FIGURE speech %s: correlation %.3f (late %s, early %s), %d ms recorded, %d ms compared%n",
        who,
        best,
        late,
        early,
        whole.samples().length * 1000L / whole.sampleRate(),
        recorded.samples().length * 1000L / whole.sampleRate());
    assertThat(best)
        .as("%s heard the browser's speech (late %s, early %s)", who, late, early)
        .isGreaterThanOrEqualTo(least);
  }

  /** The index of the first sample above a low level (-54 dBFS), or the length if none is. */
  static int firstSound(PcmClip clip) {
    short[] samples = clip.samples();
    for (int i = 0; i < samples.length; i++) {
      if (Math.abs(samples[i]) > 64) {
        return i;
      }
    }
    return samples.length;
  }

  /**
   * Answer to first audio, browser and Java side, for the closing note's figures, with where the
   * time went: the browser's ICE, the Java side's set-up breakdown, ICE and DTLS handshake.
   */
  static void figure(String what, JsonNode browser, JsonNode java) {
    System.out.printf(
        "FIGURE %s: answer->first audio browser %s ms, java %s ms, dtls handshake %s ms;"
            + " browser ice %s ms; java setup %s ice %s srtp %s; browser setup %s%n",
        what,
        browser.at("/setup/answer_to_first_audio_ms").asText(),
        java.at("/setup/answer_to_first_audio_ms").asText(),
        java.at("/srtp/dtls_handshake_ms").asText(),
        browser.at("/ice/connect_ms").asText(),
        java.at("/setup"),
        java.at("/ice"),
        java.at("/srtp"),
        browser.at("/setup"));
  }
}
