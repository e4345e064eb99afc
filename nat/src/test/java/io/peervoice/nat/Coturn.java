package io.peervoice.nat;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A real coturn TURN/STUN server (Debian package {@code coturn}) for tests, on the first
 * non-loopback IPv4 address, with long-term credentials. Stopped by {@link #close()}.
 */
final class Coturn implements AutoCloseable {
  static final String USER = "peervoice";
  static final String PASSWORD = "lab-secret";

  private final Process process;
  final String host;
  final int port;

  private Coturn(Process process, String host, int port) {
    this.process = process;
    this.host = host;
    this.port = port;
  }

  static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/turnserver"));
  }

  static Optional<String> firstIpv4() throws IOException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return Optional.of(a.getHostAddress());
        }
      }
    }
    return Optional.empty();
  }

  static Coturn start(String host) throws IOException {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName(host))) {
      port = probe.getLocalPort();
    }
    // relay ports below the kernel's ephemeral range (32768-60999), so that no socket of the test
    // itself (ICE host candidates bind ephemeral ports) can hold one coturn wants to allocate
    int relayPorts = 10_000 + (port % 200) * 100;
    Process process =
        new ProcessBuilder(
                List.of(
                    "/usr/bin/turnserver",
                    "-n",
                    "--no-cli",
                    "--no-tls",
                    "--no-dtls",
                    "--no-tcp",
                    "--listening-ip=" + host,
                    "--listening-port=" + port,
                    "--relay-ip=" + host,
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
    Coturn coturn = new Coturn(process, host, port);
    await().atMost(Duration.ofSeconds(15)).until(coturn::answersStun);
    return coturn;
  }

  /** Sends a STUN Binding request (RFC 8489 §6) and waits briefly for the success response. */
  boolean answersStun() throws IOException {
    byte[] request = new byte[20];
    request[1] = 0x01;
    request[4] = 0x21;
    request[5] = 0x12;
    request[6] = (byte) 0xA4;
    request[7] = 0x42;
    request[19] = 7;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(host))) {
      socket.setSoTimeout(200);
      socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(host, port)));
      byte[] buf = new byte[512];
      DatagramPacket response = new DatagramPacket(buf, buf.length);
      socket.receive(response);
      return buf[0] == 0x01 && buf[1] == 0x01;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  TurnServer server() {
    return new TurnServer(host, port, USER, PASSWORD);
  }

  @Override
  public void close() {
    process.destroy();
  }
}
