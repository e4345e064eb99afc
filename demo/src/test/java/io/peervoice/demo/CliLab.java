package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * What the demo's end-to-end command-line tests share: a folder with identities ({@code <name>.id})
 * and the files the commands write, three rendezvous nodes in this JVM as a {@code --bootstrap}
 * value, {@code peervoice} commands in processes of their own ({@link CliProcess}) or in this JVM
 * ({@link Cli}), and the JSON reports they write. {@link #close()} stops the processes, then the
 * nodes.
 */
final class CliLab implements AutoCloseable {
  /** How long a process may take to start and attach. */
  static final Duration START = Duration.ofSeconds(60);

  private final Path dir;
  private final SecureRandom random = new SecureRandom();
  private final List<CliProcess> processes = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private LocalOverlay overlay;
  private String bootstrap;

  CliLab(Path dir) {
    this.dir = dir;
  }

  /** Starts three rendezvous nodes in this JVM; returns their {@code --bootstrap} value. */
  String startOverlay() throws IOException {
    overlay = LocalOverlay.start(3);
    return bootstrap(
        overlay.addresses().stream()
            .map(a -> "127.0.0.1:" + a.getPort())
            .collect(Collectors.joining(",")));
  }

  /** Uses {@code nodes} (e.g. node processes) as the {@code --bootstrap} value; returns it. */
  String bootstrap(String nodes) {
    bootstrap = nodes;
    return nodes;
  }

  /** A new identity, saved as {@code <name>.id} in the folder. */
  Identity identity(String name) throws IOException {
    Identity id = Identity.generate(random);
    id.save(dir.resolve(name + ".id"));
    return id;
  }

  /** A file of the folder, as an argument. */
  String path(String file) {
    return dir.resolve(file).toString();
  }

  /** {@code command} as {@code name}: {@code command --id-file <name>.id --bootstrap ... more}. */
  List<String> as(String name, String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(command, "--id-file", path(name + ".id"), "--bootstrap", bootstrap));
    args.addAll(List.of(more));
    return args;
  }

  /** {@code peervoice args...} in a process of its own, stopped with the lab. */
  CliProcess peervoice(List<String> args) throws IOException {
    CliProcess p = CliProcess.start(args);
    processes.add(p);
    return p;
  }

  /** {@code listen} as {@code name} in a process of its own, once it printed its ready line. */
  CliProcess listen(String name, String... more) throws IOException {
    CliProcess p = peervoice(as(name, "listen", more));
    p.await(l -> l.startsWith("ready "), START);
    return p;
  }

  /** A command running in this JVM ({@link Cli}) and its exit code once it returns. */
  record Running(Cli cli, CompletableFuture<Integer> exit) {}

  /** {@code listen} as {@code name} in this JVM, once it printed its ready line. */
  Running listenHere(String name, String... more) {
    Cli cli = new Cli();
    String[] args = as(name, "listen", more).toArray(String[]::new);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run(args));
    await().atMost(START).until(() -> cli.out.toString().contains("ready") || exit.isDone());
    assertThat(exit).as("listen: %s %s", cli.out, cli.err).isNotDone();
    return new Running(cli, exit);
  }

  /** The JSON report in {@code file} of the folder. */
  JsonNode json(String file) throws IOException {
    return json.readTree(dir.resolve(file).toFile());
  }

  @Override
  public void close() {
    processes.forEach(CliProcess::close);
    if (overlay != null) {
      overlay.close();
    }
  }
}
