package io.peervoice.demo;

import io.peervoice.signaling.PeerId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code peervoice node} process on loopback once it printed {@code node ID listening on
 * HOST:PORT}, for the benches that attack or load a real node.
 *
 * @param process the node's process (closing it stops the node)
 * @param id the node's id
 * @param address where it listens
 */
record NodeChild(ChildProcess process, PeerId id, InetSocketAddress address)
    implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("node (\\S+) listening on (\\S+):(\\d+)");

  /**
   * Starts {@code peervoice node --listen 127.0.0.1:0 extraArgs...} and waits up to {@code
   * timeoutMillis} for it to listen; the process is stopped if it does not.
   */
  static NodeChild start(List<String> extraArgs, long timeoutMillis)
      throws IOException, InterruptedException {
    return start(List.of("-Xmx256m"), extraArgs, timeoutMillis);
  }

  /** The same in a JVM started with {@code jvmOptions}. */
  static NodeChild start(List<String> jvmOptions, List<String> extraArgs, long timeoutMillis)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("node", "--listen", "127.0.0.1:0"));
    args.addAll(extraArgs);
    ChildProcess node = ChildProcess.start(jvmOptions, args);
    try {
      Matcher m = READY.matcher(node.awaitLine(l -> READY.matcher(l).find(), timeoutMillis));
      if (!m.find()) {
        throw new IOException("the node printed no address");
      }
      return new NodeChild(
          node,
          PeerId.parse(m.group(1)),
          new InetSocketAddress(m.group(2), Integer.parseInt(m.group(3))));
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** HOST:PORT, as {@code --bootstrap} takes it. */
  String hostPort() {
    return HostPort.format(address);
  }

  @Override
  public void close() {
    process.close();
  }
}
