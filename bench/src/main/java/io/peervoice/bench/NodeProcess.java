package io.peervoice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code peervoice node} in its own JVM, started from this JVM's class path. */
public final class NodeProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("node (\\S+) listening on (\\S+):(\\d+)");

  private final Process process;
  private final String id;
  private final InetSocketAddress address;

  private final List<String> startupLines;

  private NodeProcess(
      Process process, String id, InetSocketAddress address, List<String> startupLines) {
    this.process = process;
    this.id = id;
    this.address = address;
    this.startupLines = List.copyOf(startupLines);
  }

  /** What the node printed up to and including the line after its ready line. */
  public List<String> startupLines() {
    return startupLines;
  }

  /** Starts a node on 127.0.0.1 with a free port and waits for its ready line. */
  public static NodeProcess start(List<InetSocketAddress> bootstrap) throws IOException {
    return start(bootstrap, List.of());
  }

  /** As {@link #start(List)}, with more {@code peervoice node} options. */
  public static NodeProcess start(List<InetSocketAddress> bootstrap, List<String> options)
      throws IOException {
    return start(bootstrap, options, List.of());
  }

  /** As {@link #start(List, List)}, with JVM flags. */
  public static NodeProcess start(
      List<InetSocketAddress> bootstrap, List<String> options, List<String> jvmFlags)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.peervoice.demo.PeerVoiceCli");
    command.add("node");
    command.add("--listen");
    command.add("127.0.0.1:0");
    // a loopback lab: every node in 127.0.0.0/24, and a small node id work to start fast
    command.addAll(List.of("--max-per-subnet", "0", "--node-id-work", "4"));
    if (!bootstrap.isEmpty()) {
      command.add("--bootstrap");
      command.add(
          String.join(",", bootstrap.stream().map(a -> "127.0.0.1:" + a.getPort()).toList()));
    }
    command.addAll(options);
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Matcher> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                  Matcher m = READY.matcher(line);
                  if (m.find()) {
                    lines.add(out.readLine());
                    return m;
                  }
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              throw new IllegalStateException("node exited before it was ready");
            });
    try {
      Matcher m = ready.get(30, TimeUnit.SECONDS);
      Thread drain =
          new Thread(
              () -> {
                try {
                  while (out.readLine() != null) {
                    // keep the pipe from filling up
                  }
                } catch (IOException e) {
                  // process gone
                }
              },
              "node-output");
      drain.setDaemon(true);
      drain.start();
      return new NodeProcess(
          p, m.group(1), new InetSocketAddress(m.group(2), Integer.parseInt(m.group(3))), lines);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("node process did not start: " + e, e);
    }
  }

  /** CPU time the node process used so far. */
  public java.time.Duration cpuTime() {
    return process.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  public String id() {
    return id;
  }

  public InetSocketAddress address() {
    return address;
  }

  /** SIGKILL: the node vanishes without a word, as a crashed machine does. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
