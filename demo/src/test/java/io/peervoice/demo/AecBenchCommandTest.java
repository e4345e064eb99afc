package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peervoice bench aec} as users run it: the JSON contract's field names and types, the
 * printed summary, the processed output, and a bad file as one line. The targets themselves are
 * asserted on the committed rooms by media's {@code EchoBenchTargetsTest}.
 */
class AecBenchCommandTest {
  private final Cli cli = new Cli();

  /** A decaying-noise room response: 0.3 s, like a small room. */
  static PcmClip room() {
    SplittableRandom r = new SplittableRandom(9);
    short[] taps = new short[14_400];
    for (int i = 0; i < taps.length; i++) {
      taps[i] = (short) (r.nextInt(-20_000, 20_000) * Math.exp(-i / 2_000.0));
    }
    return new PcmClip(48_000, taps);
  }

  @Test
  void measuresAndWritesTheContractFields(@TempDir Path dir) throws Exception {
    Path far = dir.resolve("far.wav");
    WavFile.write(far, SpeechSample.load());
    Path rir = dir.resolve("room.wav");
    WavFile.write(rir, room());
    Path json = dir.resolve("aec.json");
    Path out = dir.resolve("out.wav");

    int exit =
        cli.run(
            "bench",
            "aec",
            "--far",
            far.toString(),
            "--rir",
            rir.toString(),
            "--delay",
            "40",
            "--noise",
            "-70",
            "--json",
            json.toString(),
            "--out",
            out.toString());

    assertThat(exit).as(cli.err.toString()).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.get("engine").asText()).isIn("peervoice-aec", "webrtc-aec3", "speexdsp", "none");
    for (String field :
        new String[] {"erle_db", "erle_db_after_2s", "cpu_pct", "single_talk_s", "audio_s"}) {
      assertThat(r.get(field).isNumber()).as(field).isTrue();
    }
    assertThat(r.get("convergence_ms").isInt()).isTrue();
    // the linear canceller's own convergence: a number for peervoice-aec, null for engines
    // without a separate linear stage, present either way
    assertThat(r.has("linear_convergence_ms")).isTrue();
    assertThat(r.get("linear_convergence_ms").isInt() || r.get("linear_convergence_ms").isNull())
        .isTrue();
    if (r.get("engine").asText().equals("peervoice-aec")) {
      assertThat(r.get("linear_convergence_ms").isInt()).isTrue();
    }
    // no --near: no double talk, so its figures are null, present all the same
    assertThat(r.has("doubletalk_near_corr")).isTrue();
    assertThat(r.get("doubletalk_near_corr").isNull()).isTrue();
    assertThat(r.get("doubletalk_near_suppression_db").isNull()).isTrue();
    // what the far end hears of its echo in double talk (S10)
    assertThat(r.has("doubletalk_echo_reduction_db")).isTrue();
    assertThat(r.get("doubletalk_echo_reduction_db").isNull()).isTrue();
    assertThat(r.has("doubletalk_residual_to_near_db")).isTrue();
    assertThat(r.get("doubletalk_residual_to_near_db").isNull()).isTrue();
    assertThat(r.get("double_talk_s").asDouble()).isZero();
    assertThat(r.get("cpu_pct").asDouble()).isPositive();
    assertThat(r.get("cpu_pct_repeat").asDouble()).isPositive();
    // the compiled cost: measured after about 6 minutes of the scene's audio
    assertThat(r.get("cpu_pct_steady").asDouble()).isPositive();
    assertThat(r.get("cpu_steady_warmup_runs").asInt())
        .isEqualTo(AecBenchCommand.steadyWarmupRuns(r.get("audio_s").asDouble()));
    assertThat(r.get("inputs").get("delay_ms").asInt()).isEqualTo(40);
    assertThat(r.get("inputs").get("rir").asText()).isEqualTo("room.wav");
    assertThat(r.get("erle_db_per_second").size()).isEqualTo((int) r.get("audio_s").asDouble());
    assertThat(WavFile.read(out).samples().length)
        .isGreaterThanOrEqualTo(SpeechSample.load().samples().length);
    assertThat(cli.out.toString())
        .contains("far.wav through room.wav, 40 ms delay")
        .contains("ERLE ")
        .contains("% compiled, after")
        .contains("double talk: none (no --near)");
  }

  @Test
  void aBrokenWavIsOneLine(@TempDir Path dir) throws Exception {
    Path far = dir.resolve("far.wav");
    byte[] header = new byte[44];
    System.arraycopy("RIFF".getBytes(), 0, header, 0, 4);
    System.arraycopy("WAVE".getBytes(), 0, header, 8, 4);
    Files.write(far, header);
    assertThat(cli.run("bench", "aec", "--far", far.toString())).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .startsWith("peervoice bench aec: --far ")
        .contains("no data chunk")
        .doesNotContain("\n");
  }

  @Test
  void theSteadyFigureWarmsUpOnAboutSixMinutesOfAudio() {
    assertThat(AecBenchCommand.steadyWarmupRuns(9)).isEqualTo(40);
    assertThat(AecBenchCommand.steadyWarmupRuns(30)).isEqualTo(12);
    assertThat(AecBenchCommand.steadyWarmupRuns(600)).isEqualTo(2);
    assertThat(AecBenchCommand.steadyWarmupRuns(1)).isEqualTo(100);
  }
}
