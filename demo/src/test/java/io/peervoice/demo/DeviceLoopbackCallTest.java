package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.signaling.LocalOverlay;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices in real processes, on the fake loopback card (this kernel has no {@code snd-aloop}): a
 * {@code call --mic loopback --speaker loopback} process plays what it hears into the card and
 * sends what the card records, so the listener's own speech comes back to it as an echo. The
 * listener's {@code --record-both} files (one per call) hold, left, the speech it sent and, right,
 * what came back. With the caller's echo cancellation off, the two envelopes match at a lag that is
 * the whole echo path (network both ways, jitter buffers and the caller's device latency); with it
 * on (the default for device capture) the echo is suppressed. The caller's report names both
 * devices with their latency.
 *
 * <p>The suppression is the median over the half-second windows from 2 s on, not one figure over
 * the whole rest: a device glitch that moves the echo path (an under-run of the playback line, an
 * over-run of the capture line) costs the canceller about a second of re-convergence ({@code
 * EchoPathJumpTest} in media), and one such glitch in a loaded CI run brought the whole-rest figure
 * to 4-5 dB while the rest of the call was cancelled. The calls last 6 s so that a glitch leaves
 * most windows.
 */
class DeviceLoopbackCallTest {
  private static final String LOOPBACK = "PeerVoice loopback (fake)";

  @Test
  void theCallersDevicesEchoTheListenersSpeechBack(@TempDir Path dir) throws Exception {
    try (LocalOverlay overlay = LocalOverlay.start(3)) {
      Path both = dir.resolve("both.wav");
      AutoAnswerListener started =
          AutoAnswerListener.start(overlay, dir, 2, "--record-both", both.toString());
      String bootstrap = started.bootstrap();
      Path callerId = started.callerId();
      Cli listener = started.cli();
      CompletableFuture<Integer> listening = started.exit();
      String peer = started.peer();
      JsonNode devices =
          call(dir, peer, callerId, bootstrap, "1", "--aec", "off", "--ns", "off", "--agc", "off");
      call(dir, peer, callerId, bootstrap, "2");
      assertThat(listening.get(30, TimeUnit.SECONDS)).as(listener.err.toString()).isZero();
      assertThat(listener.out.toString())
          .contains("Wrote both directions (left sent, right heard) to " + both)
          .contains(
              "Wrote both directions (left sent, right heard) to " + dir.resolve("both-2.wav"));

      PcmClip[] open = stereo(both);
      assertThat(open[0].durationSeconds()).isBetween(5.0, 8.0);
      EnvelopeSimilarity.Result echo = EnvelopeSimilarity.compare(open[0], open[1], 1_000);
      PcmClip[] cancelled = stereo(dir.resolve("both-2.wav"));
      double[] windows = suppressionWindows(open[1], cancelled[1], 2.0, 0.5);
      double suppressionDb = median(windows);
      System.out.printf(
          "echo through the caller's loopback devices: %.1f dB below the speech, correlation %.3f"
              + " at %d ms; with the caller's echo cancellation on, %.1f dB quieter after 2 s"
              + " (median of half seconds %s); caller devices %s%n",
          20 * Math.log10(rms(open[1], 2.0) / Math.max(1, rms(open[0], 2.0))),
          echo.correlation(),
          echo.lagMillis(),
          suppressionDb,
          java.util.Arrays.toString(
              java.util.Arrays.stream(windows).map(w -> Math.round(w * 10) / 10.0).toArray()),
          devices);
      // the echo is the listener's speech, a little quieter, later, time-stretched by the caller's
      // playout (its jitter buffer adapts): its envelope follows the speech's
      assertThat(rms(open[1], 2.0)).isGreaterThan(0.1 * rms(open[0], 2.0));
      assertThat(echo.correlation()).isGreaterThan(0.4);
      assertThat(echo.lagMillis()).isBetween(40, 1_000);
      assertThat(suppressionDb).isGreaterThan(10);
    }
  }

  /** One call from the loopback devices; returns its report's {@code devices} section. */
  private static JsonNode call(
      Path dir, String peer, Path callerId, String bootstrap, String n, String... extra)
      throws Exception {
    Path report = dir.resolve("call-" + n + ".json");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "call",
                peer,
                "--id-file",
                callerId.toString(),
                "--bootstrap",
                bootstrap,
                "--mic",
                "loopback",
                "--speaker",
                "loopback",
                "--seconds",
                "6",
                "--json",
                report.toString()));
    args.addAll(List.of(extra));
    try (CliProcess caller = CliProcess.start(List.of("-Dpeervoice.fakeAudio=loopback"), args)) {
      assertThat(caller.exitCode(Duration.ofSeconds(60)))
          .as(String.join("\n", caller.texts()))
          .isZero();
      assertThat(caller.texts()).anyMatch(l -> l.startsWith("  mic \"" + LOOPBACK + "\": latency"));
    }
    JsonNode root = new ObjectMapper().readTree(report.toFile());
    System.out.println(
        "call "
            + n
            + ": "
            + root.get("audio_processing")
            + " "
            + root.get("audio")
            + " "
            + root.get("devices"));
    JsonNode devices = root.get("devices");
    for (String kind : new String[] {"capture", "playback"}) {
      JsonNode d = devices.get(kind);
      assertThat(d.get("name").asText()).isEqualTo(LOOPBACK);
      assertThat(d.get("buffer_ms").asDouble()).isEqualTo(40.0);
      assertThat(d.get("latency_ms").asDouble()).isBetween(0.0, 120.0);
      assertThat(d.get("underruns").isIntegralNumber()).isTrue();
      assertThat(d.get("overruns").isIntegralNumber()).isTrue();
    }
    return devices;
  }

  /**
   * How much quieter {@code cancelled} is than {@code open} in each window from {@code from} in
   * which the open call's echo is active (at least a third of its RMS over the whole stretch: the
   * speech's pauses and its end say nothing about the canceller).
   */
  private static double[] suppressionWindows(
      PcmClip open, PcmClip cancelled, double from, double window) {
    double end = Math.min(open.durationSeconds(), cancelled.durationSeconds());
    double active = rms(open, from, end) / 3;
    java.util.List<Double> db = new java.util.ArrayList<>();
    for (double a = from; a + window <= end; a += window) {
      double o = rms(open, a, a + window);
      if (o >= active) {
        db.add(20 * Math.log10(o / Math.max(1, rms(cancelled, a, a + window))));
      }
    }
    return db.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double median(double[] values) {
    assertThat(values).as("half-second windows of echo after 2 s").hasSizeGreaterThanOrEqualTo(4);
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  /** RMS of {@code clip} between {@code fromSeconds} and {@code toSeconds}. */
  private static double rms(PcmClip clip, double fromSeconds, double toSeconds) {
    short[] s = clip.samples();
    int from = (int) Math.min(s.length, fromSeconds * clip.sampleRate());
    int to = (int) Math.min(s.length, toSeconds * clip.sampleRate());
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) s[i] * s[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from));
  }

  /** RMS of {@code clip} from {@code fromSeconds} on. */
  private static double rms(PcmClip clip, double fromSeconds) {
    short[] s = clip.samples();
    int from = (int) Math.min(s.length, fromSeconds * clip.sampleRate());
    double sum = 0;
    for (int i = from; i < s.length; i++) {
      sum += (double) s[i] * s[i];
    }
    return Math.sqrt(sum / Math.max(1, s.length - from));
  }

  /** The left and right channels of a 48 kHz 16-bit stereo WAV with a 44-byte header. */
  static PcmClip[] stereo(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getShort(22)).as("channels").isEqualTo((short) 2);
    assertThat(b.getInt(40)).as("data size").isEqualTo(b.capacity() - 44);
    int frames = (b.capacity() - 44) / 4;
    short[] left = new short[frames];
    short[] right = new short[frames];
    for (int i = 0; i < frames; i++) {
      left[i] = b.getShort(44 + 4 * i);
      right[i] = b.getShort(46 + 4 * i);
    }
    return new PcmClip[] {new PcmClip(48_000, left), new PcmClip(48_000, right)};
  }
}
