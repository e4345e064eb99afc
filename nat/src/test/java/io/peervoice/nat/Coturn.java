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
 * non-loopback IPv4 address, with long-term credentials. Stopped by {@link #close()}. {@link
 * #startStreams} starts one that also (or only) serves TURN over TCP and TLS (the lab's test CA,
 * {@code TestCa}) on loopback, relaying on the non-loopback address.
 */
public final class Coturn implements AutoCloseable {
  public static final String USER = "peervoice";
  public static final String PASSWORD = "lab-secret";

  private final Process process;
  public final String host;
  public final int port;

  /** The TCP and TLS listeners of {@link #startStreams} (on loopback), or 0. */
  public final int tcpPort;

  public final int tlsPort;

  private Coturn(Process process, String host, int port) {
    this(process, host, port, 0, 0);
  }

  private Coturn(Process process, String host, int port, int tcpPort, int tlsPort) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.tcpPort = tcpPort;
    this.tlsPort = tlsPort;
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/turnserver"));
  }

  public static Optional<String> firstIpv4() throws IOException {
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

  /**
   * A coturn serving TURN over TCP ({@link #tcpPort}) and TLS ({@link #tlsPort}) on 127.0.0.1 (the
   * test certificate names it and {@code localhost}), and over UDP on 127.0.0.1 and {@code
   * relayHost}:{@link #port} (the TCP port's number) unless {@code udp} is false (a client then
   * reaches it over TCP or TLS only); relays on {@code relayHost}.
   */
  public static Coturn startStreams(String relayHost, boolean udp, Path dir) throws IOException {
    return startStreams(relayHost, udp, dir, List.of());
  }

  /** {@link #startStreams(String, boolean, Path)} with more coturn options. */
  public static Coturn startStreams(String relayHost, boolean udp, Path dir, List<String> extra)
      throws IOException {
    io.peervoice.testkit.TestCa.writePemFiles(dir);
    int tcp = freeTcpPort();
    int tls = freeTcpPort();
    int udpPort = tcp; // the listening port serves UDP and TCP on every listening address
    int relayPorts = 10_000 + (tcp % 200) * 100;
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "/usr/bin/turnserver",
                "-n",
                "--no-cli",
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
                "--simple-log"));
    args.addAll(extra);
    if (udp) {
      args.add("--listening-ip=" + relayHost);
    } else {
      args.add("--no-udp");
    }
    Process process =
        new ProcessBuilder(args)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("coturn.log").toFile())
            .start();
    Coturn coturn = new Coturn(process, relayHost, udpPort, tcp, tls);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> acceptsTcp(tcp) && acceptsTcp(tls) || !process.isAlive());
    if (!process.isAlive()) {
      throw new IOException("coturn exited: see " + dir.resolve("coturn.log"));
    }
    return coturn;
  }

  private static int freeTcpPort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean acceptsTcp(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The TCP or TLS server of {@link #startStreams}, as {@code turn:127.0.0.1:P?transport=tcp} or
   * {@code turns:localhost:P}.
   */
  public TurnServer server(TurnServer.Transport transport, String password) {
    return switch (transport) {
      case TCP -> new TurnServer("127.0.0.1", tcpPort, USER, password, transport);
      case TLS -> new TurnServer("localhost", tlsPort, USER, password, transport);
      case UDP -> new TurnServer(host, port, USER, password, transport);
    };
  }

  public TurnServer server() {
    return new TurnServer(host, port, USER, PASSWORD);
  }

  /** Whether the server process still runs. */
  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
  }
}
