package io.peervoice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The separate processes of a process test: {@code peervoice node}s bootstrapped from the first,
 * and {@code peervoice} commands (phones) whose output lines are collected. {@link #close()}
 * destroys the phones, then closes the nodes.
 */
final class ProcessHarness implements AutoCloseable {
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Process> phones = new ArrayList<>();

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
    return nodes.stream()
        .map(NodeProcess::address)
        .map(a -> "127.0.0.1:" + a.getPort())
        .collect(Collectors.joining(","));
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
