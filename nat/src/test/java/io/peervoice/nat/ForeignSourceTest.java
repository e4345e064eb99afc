package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connected path admits only its selected remote address: datagrams from another port of the same
 * host, or from another source address (127.0.0.2 models a second machine), are dropped before the
 * handler and counted, including those that arrived while ICE was still checking. Real ice4j agents
 * over the machine's interface, real UDP sockets for the forger.
 */
class ForeignSourceTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final IceConfig config = IceConfig.builder().loopbackFallback(false).build();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void onlyTheSelectedRemoteAddressReachesTheHandler() throws Exception {
    try (IceSession a = IceSessions.open(config, IceRole.CONTROLLING, scheduler, Thread::new);
        IceSession b = IceSessions.open(config, IceRole.CONTROLLED, scheduler, Thread::new)) {
      List<IceCandidate> targets = b.localParameters().candidates();
      for (IceCandidate c : targets) {
        try (DatagramSocket early = new DatagramSocket(0, address(c))) {
          send(early, "forged-during-ice", c);
        }
      }
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      MediaPath ab = a.connect(b.localParameters()).get(20, TimeUnit.SECONDS);
      MediaPath ba = pathB.get(20, TimeUnit.SECONDS);
      List<String> received = new CopyOnWriteArrayList<>();
      ba.startReceiving((d, off, len) -> received.add(new String(d, off, len, UTF8)));

      IceCandidate target = ba.localCandidate();
      InetAddress local = address(target);
      List<DatagramSocket> forgers = new java.util.ArrayList<>();
      forgers.add(new DatagramSocket(0, local));
      if (local instanceof Inet4Address) {
        forgers.add(new DatagramSocket(0, InetAddress.getByName("127.0.0.2")));
      }
      try {
        int forged = 0;
        for (int round = 0; round < 5; round++) {
          for (DatagramSocket forger : forgers) {
            send(forger, "forged", target);
            forged++;
          }
          byte[] genuine = ("genuine-" + round).getBytes(UTF8);
          ab.send(genuine, 0, genuine.length);
        }
        int expected = forged + 1; // and the one that came while ICE was checking
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  assertThat(received).contains("genuine-4");
                  assertThat(ba.droppedForeignSource()).isEqualTo(expected);
                });
        assertThat(received).noneMatch(s -> s.startsWith("forged")).contains("genuine-0");
        assertThat(ab.droppedForeignSource()).isZero();
      } finally {
        forgers.forEach(DatagramSocket::close);
      }
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static InetAddress address(IceCandidate c) throws java.io.IOException {
    return InetAddress.getByName(c.address());
  }

  private static void send(DatagramSocket from, String text, IceCandidate to)
      throws java.io.IOException {
    byte[] b = text.getBytes(UTF8);
    from.send(new DatagramPacket(b, b.length, new InetSocketAddress(address(to), to.port())));
  }
}
