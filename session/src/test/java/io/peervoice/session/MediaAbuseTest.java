package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceRole;
import io.peervoice.testkit.ProcessSockets;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call's media under attack over real sockets: forged SRTP from other sources never reaches the
 * SRTP layer, and ended calls give back every socket at once.
 */
class MediaAbuseTest {
  private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1);
  private final MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
  private final Random random = new Random(10);
  private final PresharedKeys keys = TwoSessions.keys();

  @AfterEach
  void stop() {
    clock.shutdownNow();
  }

  @Test
  void forgedSrtpFromAnotherSourceIsDroppedBeforeSrtpWhileGenuineMediaPlays() throws Exception {
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      TwoSessions.talk(caller, callee);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().srtpKeyDerivations() == 2); // SRTP and SRTCP of the caller
      MediaSessionStats before = callee.stats();

      List<DatagramSocket> forgers = new ArrayList<>();
      int sent = 0;
      try {
        for (IceCandidate target : callee.localDescription().ice().candidates()) {
          InetAddress to = InetAddress.getByName(target.address());
          forgers.add(new DatagramSocket(0, to)); // same host, another port
          if (to instanceof Inet4Address) {
            forgers.add(new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))); // another IP
          }
          for (DatagramSocket forger : forgers) {
            if (forger.getLocalAddress().getClass() != to.getClass()) {
              continue;
            }
            for (int i = 0; i < 50; i++) {
              byte[] packet = forgedSrtp();
              forger.send(
                  new DatagramPacket(
                      packet, packet.length, new InetSocketAddress(to, target.port())));
              sent++;
            }
          }
        }
      } finally {
        forgers.forEach(DatagramSocket::close);
      }
      assertThat(sent).isGreaterThanOrEqualTo(100);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(callee.stats().droppedForeignSource())
                      .as("at least the datagrams sent to the selected candidate")
                      .isGreaterThanOrEqualTo(50));
      long framesAtForgery = callee.stats().receive().framesDecoded();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= framesAtForgery + 25);
      MediaSessionStats after = callee.stats();
      assertThat(after.receive().srtpRejectedTotal())
          .as("nothing forged reached SRTP")
          .isEqualTo(before.receive().srtpRejectedTotal())
          .isZero();
      assertThat(after.srtpKeyDerivations()).as("no key derivation for forged SSRCs").isEqualTo(2);
      assertThat(caller.stats().droppedForeignSource()).isZero();
    }
  }

  /** What an attacker without the key can send: an RTP header with a new SSRC and random bytes. */
  private byte[] forgedSrtp() {
    byte[] packet = new byte[12 + 60 + 10];
    random.nextBytes(packet);
    packet[0] = (byte) 0x80;
    packet[1] = 111;
    return packet;
  }

  @Test
  void endedCallsGiveBackEverySocketAtOnce() throws Exception {
    assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd");
    oneCall(
        "warm-up"); // one-time set-up (ice4j, the JDK's socket for closing under a reader) first
    List<ProcessSockets.Socket> baseline = ProcessSockets.open();
    for (int i = 0; i < 5; i++) {
      oneCall("call " + i);
      MediaSession early = MediaSession.create(config, IceRole.CONTROLLED, keys.peer());
      owners(early, "session " + i + " ended before ICE ran");
      early.close();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<ProcessSockets.Socket> left = ProcessSockets.openedSince(baseline);
              assertThat(ProcessSockets.count())
                  .as(
                      "sockets open above the baseline of %d; opened since and still open:%n%s",
                      baseline.size(), ProcessSockets.describe(left, this::ownerOf))
                  .isLessThanOrEqualTo(baseline.size());
            });
  }

  /** Who had each host candidate's address: "call 2 caller", for a failure message. */
  private final java.util.Map<InetSocketAddress, String> owners =
      new java.util.concurrent.ConcurrentHashMap<>();

  private void owners(MediaSession session, String who) {
    for (IceCandidate c : session.localDescription().ice().candidates()) {
      owners.put(
          new InetSocketAddress(c.address(), c.port()), who + "'s " + c.type() + " candidate");
    }
  }

  private java.util.Optional<String> ownerOf(InetSocketAddress local) {
    return java.util.Optional.ofNullable(owners.get(local));
  }

  private void oneCall(String name) throws Exception {
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      owners(caller, name + " caller");
      owners(callee, name + " callee");
      TwoSessions.talk(caller, callee);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= 5);
    }
  }

  private static final Path FDS = Path.of("/proc/self/fd");
}
