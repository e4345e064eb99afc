package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The browser client's own tests ({@code web/test/*.test.js}, node's test runner): its CBOR, wire
 * messages, records and sealed envelopes against the vectors the Java code made ({@code
 * WebVectorsTest}), and its decoders on 20,000 mutated messages.
 */
class WebClientTest {
  @Test
  @Timeout(60)
  void javascriptTestsPass() throws Exception {
    WebTools.assumeNode();
    List<String> command = new ArrayList<>(List.of("node", "--test"));
    try (Stream<java.nio.file.Path> files = Files.list(WebTools.WEB.resolve("test"))) {
      files
          .map(p -> "test/" + p.getFileName())
          .filter(n -> n.endsWith(".test.js"))
          .sorted()
          .forEach(command::add);
    }
    assertThat(command).hasSizeGreaterThan(2);
    Process p =
        new ProcessBuilder(command)
            .directory(WebTools.WEB.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("# fail 0").doesNotContain("# pass 0");
  }
}
