package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench setup}'s figures: medians of every numeric set-up field over the runs. */
class SetupBenchReportTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theMedianOfAnOddCountIsTheMiddleOneAndOfAnEvenCountTheMeanOfTheMiddleTwo() {
    assertThat(SetupBenchReport.median(List.of(357.0, 136.0, 200.0))).isEqualTo(200.0);
    assertThat(SetupBenchReport.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(SetupBenchReport.median(List.of())).isNaN();
  }

  @Test
  void everyNumericSetupFieldGetsItsValuesAndMedianAndUnmeasuredOnesAreLeftOut() throws Exception {
    List<JsonNode> setups =
        List.of(
            json.readTree("{\"dial_to_ringing_ms\":357,\"ice_connect_ms\":84,\"x\":null}"),
            json.readTree("{\"dial_to_ringing_ms\":200,\"ice_connect_ms\":-1}"),
            json.readTree("{\"dial_to_ringing_ms\":136,\"ice_connect_ms\":117}"));
    SetupBenchReport report =
        new SetupBenchReport(
            new SetupBenchReport.Idle(900, 19, 110.5, Map.of("peervoice-media", 1)),
            setups,
            List.of(3000.0, 2000.0, 2500.0));

    Map<String, Object> root = report.toJson();

    assertThat(root.get("listen_ready_ms")).isEqualTo(900L);
    assertThat(root.get("listen_idle_threads")).isEqualTo(19);
    assertThat(root.get("runs")).isEqualTo(3);
    JsonNode tree = json.valueToTree(root);
    assertThat(tree.at("/setup/dial_to_ringing_ms/median").asDouble()).isEqualTo(200.0);
    assertThat(tree.at("/setup/ice_connect_ms/values").size()).as("-1: not measured").isEqualTo(2);
    assertThat(tree.at("/setup/ice_connect_ms/median").asDouble()).isEqualTo(100.5);
    assertThat(tree.at("/setup/x").isMissingNode()).isTrue();
    assertThat(tree.at("/call_process_ms/median").asDouble()).isEqualTo(2500.0);
    StringWriter text = new StringWriter();
    report.print(new PrintWriter(text));
    assertThat(text.toString()).contains("dial_to_ringing_ms", "200  [357, 200, 136]");
  }
}
