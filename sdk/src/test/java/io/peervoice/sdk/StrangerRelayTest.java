package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.TurnServer;
import io.peervoice.session.MediaDescription;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallMessage;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With TURN configured, a stranger's call rings with relayed candidates only, and still no datagram
 * goes to the stranger's addresses before the answer. Needs coturn ({@code /usr/bin/turnserver})
 * and a non-loopback IPv4 address; skipped without them.
 */
class StrangerRelayTest {
  private final SecureRandom random = new SecureRandom();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** Starts coturn on {@code host} with long-term credentials; returns its address. */
  private InetSocketAddress coturn(String host) throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName(host))) {
      port = probe.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                "/usr/bin/turnserver",
                "-n",
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "--no-tcp",
                "--listening-ip=" + host,
                "--listening-port=" + port,
                "--relay-ip=" + host,
                "--min-port=41000",
                "--max-port=41200",
                "--lt-cred-mech",
                "--user=pv:secret",
                "--realm=peervoice.test",
                "--log-file=stdout")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    open.add(p::destroy);
    InetSocketAddress address = new InetSocketAddress(host, port);
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> answersStun(address));
    return address;
  }

  /** A STUN Binding request (RFC 8489 §6): true once a success response comes back. */
  private static boolean answersStun(InetSocketAddress server) throws java.io.IOException {
    byte[] request = {
      0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    };
    try (DatagramSocket socket = new DatagramSocket(0, server.getAddress())) {
      socket.setSoTimeout(200);
      socket.send(new java.net.DatagramPacket(request, request.length, server));
      byte[] buf = new byte[512];
      socket.receive(new java.net.DatagramPacket(buf, buf.length));
      return buf[0] == 1 && buf[1] == 1;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  @Test
  void aStrangerGetsRelayedCandidatesOnlyAndNoDatagramBeforeTheAnswer() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/turnserver")), "coturn is not installed");
    PhoneAbuseTest.Observer observer = new PhoneAbuseTest.Observer();
    open.add(observer);
    assumeTrue(observer.addresses.size() > 1, "no IPv4 interface besides loopback");
    String host = observer.addresses.get(1).getAddress().getHostAddress();
    InetSocketAddress turn = coturn(host);
    PhoneLab lab = new PhoneLab();
    open.add(lab);
    Identity bobId = Identity.generate(random);
    Phone bob =
        lab.phone(
            bobId,
            b ->
                b.ice(
                    IceConfig.builder()
                        .addTurnServer(
                            new TurnServer(turn.getHostString(), turn.getPort(), "pv", "secret"))
                        .build()));
    ForgedPeer stranger = lab.forged();
    stranger.send(
        bobId.peerId(),
        stranger.invite(bobId.peerId(), ForgedPeer.description(111, observer.addresses)));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .alias("a relayed candidate reaches the stranger")
        .until(() -> candidatesSeenBy(stranger).stream().anyMatch(c -> c.contains("typ relay")));
    for (String c : candidatesSeenBy(stranger)) {
      assertThat(IceCandidate.parseSdp(c).type()).as(c).isEqualTo(CandidateType.RELAYED);
    }
    assertThat(observer.count()).as("no datagram to the stranger's addresses").isZero();
    assertThat(bob.calls()).hasSize(1);
  }

  private static List<String> candidatesSeenBy(ForgedPeer peer) {
    List<String> all = new ArrayList<>();
    for (CallMessage m : peer.received) {
      if (m instanceof CallMessage.Ringing r && r.description().length > 0) {
        MediaDescription.decode(r.description()).ice().candidates().stream()
            .map(IceCandidate::toSdp)
            .forEach(all::add);
      } else if (m instanceof CallMessage.Candidates c) {
        all.addAll(c.candidates());
      }
    }
    return all;
  }
}
