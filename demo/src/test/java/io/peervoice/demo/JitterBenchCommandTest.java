package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.WavFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitterBenchCommandTest {
  private final Cli cli = new Cli();

  @Test
  void replaysATraceAndWritesTheContractFields(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("seq,send_ms,recv_ms\n");
    for (int i = 0; i < 300; i++) {
      int seq = (65500 + i) & 0xFFFF;
      String recv = i % 25 == 7 ? "" : String.format("%.3f", i * 20 + 30 + (i % 3) * 4.0);
      csv.append(seq).append(',').append(i * 20).append(',').append(recv).append('\n');
    }
    Path trace = Files.writeString(dir.resolve("t.csv"), csv);
    Path json = dir.resolve("r.json");
    Path wav = dir.resolve("o.wav");

    int exit =
        cli.run(
            "bench",
            "jitter",
            "--trace",
            trace.toString(),
            "--json",
            json.toString(),
            "--out",
            wav.toString());

    assertThat(exit).as(cli.err.toString()).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    for (String field :
        new String[] {
          "mean_playout_delay_ms",
          "p95_playout_delay_ms",
          "mean_buffer_delay_ms",
          "late_loss_pct",
          "concealed_pct",
          "fec_recovered",
          "stretch_pct"
        }) {
      assertThat(r.has(field)).as(field).isTrue();
    }
    assertThat(r.get("mean_playout_delay_ms").asDouble()).isBetween(30.0, 80.0);
    assertThat(r.get("fec_recovered").asLong()).isPositive();
    assertThat(r.get("frames_played").asInt()).isGreaterThan(280);
    assertThat(WavFile.read(wav).durationSeconds()).isGreaterThan(5.5);
    assertThat(cli.out.toString()).contains("t.csv: 300 packets");
  }

  @Test
  void aBadTraceIsOneClearLine(@TempDir Path dir) throws Exception {
    Path trace = Files.writeString(dir.resolve("bad.csv"), "seq,send_ms,recv_ms\n1,2\n");
    assertThat(cli.run("bench", "jitter", "--trace", trace.toString())).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo("peervoice bench jitter: line 2: expected 3 fields, got 2");
    assertThat(cli.run("bench", "jitter", "--trace", dir.resolve("missing.csv").toString()))
        .isEqualTo(2);
    assertThat(cli.err.toString()).contains("no such file");
  }
}
