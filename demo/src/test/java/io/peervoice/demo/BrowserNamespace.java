package io.peervoice.demo;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace joined to this one by a veth pair, for a browser that must not use loopback:
 * Chromium gathers no loopback ICE candidates, so a WebRTC call between it and a peer on this host
 * needs an address of its own. The host side gets {@code 10.213.N.1/30}, the namespace {@code
 * 10.213.N.2/30} (N from the process id, so that two test JVMs do not collide), with loopback up in
 * the namespace (puppeteer talks to Chromium over it). Needs root and {@code ip}: skipped outside
 * CI without them, a failure in CI. {@link #close} deletes the namespace, which deletes the pair.
 */
final class BrowserNamespace implements AutoCloseable {
  private final String name;
  private final String hostLink;
  private final InetAddress hostAddress;

  private BrowserNamespace(String name, String hostLink, InetAddress hostAddress) {
    this.name = name;
    this.hostLink = hostLink;
    this.hostAddress = hostAddress;
  }

  /** Creates the namespace and the pair, or skips (fails in CI) where this machine cannot. */
  static BrowserNamespace create() throws IOException, InterruptedException {
    long pid = ProcessHandle.current().pid();
    String name = "pvweb" + pid;
    String host = "pvwh" + pid;
    String inner = "pvwn" + pid;
    int n = (int) (pid % 250) + 1;
    String net = "10.213." + n + ".";
    run("ip", "netns", "del", name); // a leftover of a killed run with this pid: not "cannot"
    if (run("ip", "netns", "add", name) != 0) {
      String why = "cannot create a network namespace (root and iproute2 are needed)";
      if (System.getenv("CI") != null) {
        fail(why);
      }
      Assumptions.assumeTrue(false, why);
    }
    BrowserNamespace ns = new BrowserNamespace(name, host, InetAddress.getByName(net + "1"));
    try {
      run("ip", "link", "del", host); // a leftover of a killed run with this pid
      must("ip", "link", "add", host, "type", "veth", "peer", "name", inner);
      must("ip", "link", "set", inner, "netns", name);
      must("ip", "addr", "add", net + "1/30", "dev", host);
      must("ip", "link", "set", host, "up");
      must("ip", "netns", "exec", name, "ip", "addr", "add", net + "2/30", "dev", inner);
      must("ip", "netns", "exec", name, "ip", "link", "set", inner, "up");
      must("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
      return ns;
    } catch (IOException | RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  /** The host side's address: what the namespace reaches this host at. */
  InetAddress hostAddress() {
    return hostAddress;
  }

  /** {@code command} to run inside the namespace. */
  List<String> inside(String... command) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
    all.addAll(List.of(command));
    return all;
  }

  @Override
  public void close() {
    try { // deleting the namespace deletes the pair; the second is for a half-made one
      run("ip", "netns", "del", name);
      run("ip", "link", "del", hostLink);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void must(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.trim());
    }
  }

  /** {@code command}'s exit code, or -1 if it cannot run or hangs. */
  private static int run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return -1; // no ip on this machine
    }
    p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
