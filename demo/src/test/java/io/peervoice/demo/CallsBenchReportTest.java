package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CallsBenchReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode peer(long decoded, long concealed, Long decodedMark, Long concealedMark) {
    var node = JSON.createObjectNode();
    node.put("frames_decoded", decoded);
    node.put("frames_concealed", concealed);
    node.put("frames_decoded_at_mark", decodedMark);
    node.put("frames_concealed_at_mark", concealedMark);
    return node;
  }

  @Test
  void theWindowCountsOnlyWhatBothPhonesPlayedAfterTheirMarks() {
    // caller: 1000 frames in the window (980 decoded, 20 concealed); callee: 1000 (1000, 0); the
    // 300 concealed before the marks (the calls' start) are not counted
    JsonNode caller = peer(2980, 220, 2000L, 200L);
    JsonNode callee = peer(3000, 100, 2000L, 100L);

    assertThat(CallsBenchReport.windowConcealedPct(caller, callee)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void noWindowFigureWhenAPhoneTookNoMark() {
    JsonNode caller = peer(2980, 220, 2000L, 200L);
    JsonNode callee = peer(3000, 100, null, null);

    assertThat(CallsBenchReport.windowConcealedPct(caller, callee)).isNull();
    assertThat(CallsBenchReport.windowConcealedPct(caller, JSON.createObjectNode())).isNull();
  }

  @Test
  void aBadMarkAfterIsOneLineAndExitCode2() {
    for (String bad : new String[] {"-1", "NaN"}) {
      Cli cli = new Cli();
      int code =
          cli.run(
              "bench",
              "calls-peer",
              "--id-file",
              "/nonexistent.id",
              "--bootstrap",
              "127.0.0.1:9",
              "--calls",
              "1",
              "--mark-after",
              bad);
      assertThat(code).as(bad).isEqualTo(2);
      assertThat(cli.err.toString().strip())
          .as(bad)
          .contains("--mark-after >= 0")
          .doesNotContain("\n");
    }
  }
}
