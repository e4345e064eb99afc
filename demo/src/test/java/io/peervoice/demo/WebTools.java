package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The web client's tools for tests: where {@code web/} is, what runs it, its output. */
final class WebTools {
  static final Path WEB = Path.of("..", "web").toAbsolutePath().normalize();
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private WebTools() {}

  /** Node and the web client's npm packages, or a skip saying what is missing (a failure in CI). */
  static void assumeNode() {
    require(onPath("node"), "node is not installed (Debian: apt-get install nodejs npm)");
    require(
        Files.isDirectory(WEB.resolve("node_modules/@noble/curves")),
        "web/node_modules is missing: run npm ci in web/ (or web/build.sh)");
  }

  /** As {@link #assumeNode}, and Chromium with puppeteer-core. */
  static void assumeBrowser() {
    assumeNode();
    require(
        Files.isExecutable(CHROMIUM), CHROMIUM + " is missing (Debian: apt-get install chromium)");
    require(
        Files.isDirectory(WEB.resolve("node_modules/puppeteer-core")),
        "puppeteer-core is missing from web/node_modules: run npm ci in web/");
  }

  private static void require(boolean present, String why) {
    if (!present && System.getenv("CI") != null) {
      fail(why + " (.ci/run installs it)");
    }
    Assumptions.assumeTrue(present, why);
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** The process's stdout, one JSON object a line, read on a thread of its own. */
  static BlockingQueue<JsonNode> jsonLines(Process process) {
    BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    ObjectMapper json = new ObjectMapper();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "browser-peer-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** The {@code key} object of the next line having one (others passed over); fails on error. */
  static JsonNode next(BlockingQueue<JsonNode> lines, String key, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long left = Math.max(0, deadline - System.nanoTime());
      JsonNode line = lines.poll(left, TimeUnit.NANOSECONDS);
      assertThat(line)
          .as("the browser said nothing within %s (waiting for %s)", wait, key)
          .isNotNull();
      assertThat(line.has("error")).as("the browser failed: %s", line).isFalse();
      if (line.has(key)) {
        return line.get(key);
      }
    }
  }
}
