package io.peervoice.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@code peervoice demo --json} report against the walking skeleton's acceptance targets:
 * received ≥ 95% of sent frames, answer → first audio under 500 ms, heard speech matching the
 * sample. Used by CI; exits 1 naming each failed target.
 */
public final class ReportCheck {

  private ReportCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ReportCheck REPORT.json");
      System.exit(2);
    }
    JsonNode r = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    List<String> failures = check(r);
    failures.forEach(f -> System.err.println("demo acceptance: " + f));
    System.out.printf(
        "demo acceptance: %d passed, %d failed%n", 3 - failures.size(), failures.size());
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  static List<String> check(JsonNode r) {
    List<String> failures = new ArrayList<>();
    long sent = r.at("/audio/sent_frames").asLong(-1);
    long received = r.at("/audio/received_frames").asLong(-1);
    long setup = r.at("/setup/answer_to_first_audio_ms").asLong(-1);
    double correlation = r.at("/audio/envelope_correlation").asDouble(-1);
    if (sent <= 0 || received < 0.95 * sent) {
      failures.add("received %d of %d sent frames (< 95%%)".formatted(received, sent));
    }
    if (setup < 0 || setup >= 500) {
      failures.add("answer to first audio took %d ms (target < 500)".formatted(setup));
    }
    if (correlation < 0.9) {
      failures.add(
          "heard speech correlates %.3f with the sample (target >= 0.9)".formatted(correlation));
    }
    return failures;
  }
}
