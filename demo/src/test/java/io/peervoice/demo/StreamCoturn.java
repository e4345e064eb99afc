package io.peervoice.demo;

import static org.awaitility.Awaitility.await;

import io.peervoice.testkit.TestCa;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A real coturn (Debian {@code coturn}) serving TURN over TCP and TLS only (no UDP listener: a
 * client reaches it as from a network that blocks UDP) on 127.0.0.1, TLS with the lab's test
 * certificate ({@link TestCa}: {@code localhost}), relaying on the first non-loopback IPv4 address.
 */
final class StreamCoturn implements AutoCloseable {
  static final String USER = "peervoice";
  static final String PASSWORD = "lab-secret";

  private final Process process;
  final int tcpPort;
  final int tlsPort;
  final Path caFile;

  private StreamCoturn(Process process, int tcpPort, int tlsPort, Path caFile) {
    this.process = process;
    this.tcpPort = tcpPort;
    this.tlsPort = tlsPort;
    this.caFile = caFile;
  }

  static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/turnserver"));
  }

  static Optional<String> relayHost() throws IOException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && !nif.isLoopback()) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            return Optional.of(a.getHostAddress());
          }
        }
      }
    }
    return Optional.empty();
  }

  static StreamCoturn start(String relayHost, Path dir) throws IOException {
    TestCa.writePemFiles(dir);
    int tcp = freePort();
    int tls = freePort();
    int relayPorts = 20_000 + (tcp % 100) * 100;
    Process process =
        new ProcessBuilder(
                List.of(
                    "/usr/bin/turnserver",
                    "-n",
                    "--no-cli",
                    "--no-udp",
                    "--no-dtls",
                    "--no-tcp-relay",
                    "--listening-ip=127.0.0.1",
                    "--listening-port=" + tcp,
                    "--tls-listening-port=" + tls,
                    "--cert=" + dir.resolve("server.pem"),
                    "--pkey=" + dir.resolve("server.key"),
                    "--relay-ip=" + relayHost,
                    "--min-port=" + relayPorts,
                    "--max-port=" + (relayPorts + 99),
                    "--lt-cred-mech",
                    "--user=" + USER + ":" + PASSWORD,
                    "--realm=peervoice.test",
                    "--log-file=stdout",
                    "--simple-log"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("coturn.log").toFile())
            .start();
    StreamCoturn coturn = new StreamCoturn(process, tcp, tls, dir.resolve("ca.pem"));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> accepts(tcp) && accepts(tls) || !process.isAlive());
    if (!process.isAlive()) {
      throw new IOException("coturn exited: see " + dir.resolve("coturn.log"));
    }
    return coturn;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
