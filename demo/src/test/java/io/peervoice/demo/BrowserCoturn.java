package io.peervoice.demo;

import static org.awaitility.Awaitility.await;

import io.peervoice.signaling.WebIceServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * S8: a real coturn (Debian {@code coturn}) serving TURN over UDP on a {@link BrowserNamespace}'s
 * host address, relaying there too, with long-term credentials: what a page forced to relay ({@code
 * iceTransportPolicy 'relay'}) allocates from, as the NAT lab starts its coturn. Skipped outside CI
 * without {@code turnserver}, a failure in CI. {@link #close} stops it.
 */
final class BrowserCoturn implements AutoCloseable {
  static final String USER = "peervoice";
  static final String PASSWORD = "lab-secret";

  private final Process process;
  private final InetSocketAddress address;

  private BrowserCoturn(Process process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /** Starts coturn on {@code host} and waits until it answers a STUN Binding request. */
  static BrowserCoturn start(InetAddress host) throws IOException {
    boolean installed = Files.isExecutable(Path.of("/usr/bin/turnserver"));
    if (!installed && System.getenv("CI") != null) {
      Assertions.fail("coturn is not installed (.ci/run installs it)");
    }
    Assumptions.assumeTrue(installed, "coturn is not installed (Debian: apt-get install coturn)");
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, host)) {
      port = probe.getLocalPort();
    }
    // relay ports below the kernel's ephemeral range, clear of the test's own sockets
    int relayPorts = 20_000 + (port % 100) * 100;
    Process process =
        new ProcessBuilder(
                List.of(
                    "/usr/bin/turnserver",
                    "-n",
                    "--no-cli",
                    "--no-tls",
                    "--no-dtls",
                    "--no-tcp",
                    "--listening-ip=" + host.getHostAddress(),
                    "--listening-port=" + port,
                    "--relay-ip=" + host.getHostAddress(),
                    "--min-port=" + relayPorts,
                    "--max-port=" + (relayPorts + 99),
                    "--lt-cred-mech",
                    "--user=" + USER + ":" + PASSWORD,
                    "--realm=peervoice.test",
                    "--log-file=stdout",
                    "--simple-log"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    BrowserCoturn coturn = new BrowserCoturn(process, new InetSocketAddress(host, port));
    try {
      await().atMost(Duration.ofSeconds(15)).until(coturn::answersStun);
    } catch (RuntimeException | Error e) {
      coturn.close();
      throw e;
    }
    return coturn;
  }

  /** The server as a page's {@code iceServers} entry: {@code turn:HOST:PORT}, user, password. */
  WebIceServer iceServer() {
    return new WebIceServer(
        "turn:" + address.getAddress().getHostAddress() + ":" + address.getPort(), USER, PASSWORD);
  }

  /** Sends a STUN Binding request (RFC 8489 §6) and waits briefly for a success response. */
  private boolean answersStun() throws IOException {
    byte[] request = new byte[20];
    request[1] = 0x01;
    request[4] = 0x21;
    request[5] = 0x12;
    request[6] = (byte) 0xA4;
    request[7] = 0x42;
    request[19] = 7;
    try (DatagramSocket socket = new DatagramSocket(0, address.getAddress())) {
      socket.setSoTimeout(200);
      socket.send(new DatagramPacket(request, request.length, address));
      byte[] buf = new byte[512];
      DatagramPacket response = new DatagramPacket(buf, buf.length);
      socket.receive(response);
      return buf[0] == 0x01 && buf[1] == 0x01;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
