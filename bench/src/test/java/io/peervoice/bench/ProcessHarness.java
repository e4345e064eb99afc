package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.signaling.Identity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The separate processes of a process test: {@code peervoice node}s bootstrapped from the first,
 * and {@code peervoice} commands (phones) whose output lines are collected; the identities they use
 * and the JSON reports they write. {@link #close()} destroys the phones, then closes the nodes.
 */
final class ProcessHarness implements AutoCloseable {
  /** How long a phone process may take to start and attach. */
  static final Duration START = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Process> phones = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private String bootstrap;

  /**
   * Starts {@code count} node processes, each after the first bootstrapped from the first.
   *
   * @return their addresses as a {@code --bootstrap} value ({@code 127.0.0.1:port,...})
   */
  String startNodes(int count) throws Exception {
    nodes.add(NodeProcess.start(List.of()));
    for (int i = 1; i < count; i++) {
      nodes.add(NodeProcess.start(List.of(nodes.get(0).address())));
    }
    bootstrap =
        nodes.stream()
            .map(NodeProcess::address)
            .map(a -> "127.0.0.1:" + a.getPort())
            .collect(Collectors.joining(","));
    return bootstrap;
  }

  /** A new identity, saved as {@code <name>.id} in {@code dir}. */
  Identity identity(Path dir, String name) throws IOException {
    Identity id = Identity.generate(random);
    id.save(dir.resolve(name + ".id"));
    return id;
  }

  /**
   * {@code command} as {@code name} on the nodes: {@code command --id-file <dir>/<name>.id
   * --bootstrap <nodes> more...}.
   */
  List<String> as(Path dir, String name, String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(command, "--id-file", dir.resolve(name + ".id").toString(), "--bootstrap"));
    args.add(bootstrap);
    args.addAll(List.of(more));
    return args;
  }

  /** As {@link #peervoice}, once the command printed its ready line (a {@code listen}). */
  Process listen(List<String> args, List<String> output) throws IOException {
    Process p = peervoice(args, output);
    awaitReady(output);
    return p;
  }

  /** Waits until a {@code listen} whose lines are {@code output} printed its ready line. */
  static void awaitReady(List<String> output) {
    await().atMost(START).until(() -> output.stream().anyMatch(l -> l.startsWith("ready ")));
  }

  /** Asserts that {@code p} exits 0 within {@code seconds}, showing its {@code output} if not. */
  static void exitsZero(Process p, long seconds, List<String> output) throws InterruptedException {
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("finished: %s", output).isTrue();
    assertThat(p.exitValue()).as("exit code: %s", output).isZero();
  }

  /** The JSON report in {@code file}. */
  static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** Starts {@code peervoice args} as a process; each line it prints is added to {@code output}. */
  Process peervoice(List<String> args, List<String> output) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.peervoice.demo.PeerVoiceCli");
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    phones.add(p);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  output.add(line);
                }
              } catch (IOException e) {
                // process gone
              }
            });
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  @Override
  public void close() throws Exception {
    for (Process p : phones) {
      p.destroyForcibly();
    }
    for (NodeProcess n : nodes) {
      n.close();
    }
  }
}
