package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.natives.MediaLoops;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controlling side frees its ice4j agent once the peer answered on the selected pair: the watch
 * runs its action once, on the first Binding success response from the peer's address, through a
 * real port; not for requests, not for a stranger's response, not after it was stopped. The
 * datagrams still go on to the port's STUN.
 */
class FirstAnswerTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final MediaLoops loops = MediaLoops.create(1, "first-answer-test");

  @AfterEach
  void stop() {
    loops.close();
  }

  private static byte[] stun(int type) {
    byte[] m = new byte[20];
    m[0] = (byte) (type >>> 8);
    m[1] = (byte) type;
    m[4] = 0x21;
    m[5] = 0x12;
    m[6] = (byte) 0xA4;
    m[7] = 0x42;
    return m;
  }

  private static void send(DatagramSocket from, byte[] data, InetSocketAddress to)
      throws Exception {
    from.send(new DatagramPacket(data, data.length, to));
  }

  @Test
  void thePeersFirstSuccessResponseRunsTheActionOnce() throws Exception {
    try (HostPort port = HostPort.bind(loops.next(), LOOPBACK, 0);
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK);
        DatagramSocket stranger = new DatagramSocket(0, LOOPBACK)) {
      AtomicInteger stunSeen = new AtomicInteger();
      port.setStun((data, offset, length, from) -> stunSeen.incrementAndGet());
      AtomicInteger ran = new AtomicInteger();
      FirstAnswer.watch(
          port, (InetSocketAddress) peer.getLocalSocketAddress(), ran::incrementAndGet);
      InetSocketAddress to = port.localAddress();

      send(peer, stun(0x0001), to); // the peer's request: not an answer
      send(stranger, stun(0x0101), to); // a success, but not from the peer
      await().atMost(Duration.ofSeconds(5)).until(() -> stunSeen.get() == 2);
      assertThat(ran).hasValue(0);

      send(peer, stun(0x0101), to);
      send(peer, stun(0x0101), to);
      await().atMost(Duration.ofSeconds(5)).until(() -> stunSeen.get() == 4);
      assertThat(ran).as("once, however many answers").hasValue(1);
    }
  }

  @Test
  void aStoppedWatchNeverRuns() throws Exception {
    try (HostPort port = HostPort.bind(loops.next(), LOOPBACK, 0);
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
      AtomicInteger stunSeen = new AtomicInteger();
      port.setStun((data, offset, length, from) -> stunSeen.incrementAndGet());
      AtomicInteger ran = new AtomicInteger();
      FirstAnswer watch =
          FirstAnswer.watch(
              port, (InetSocketAddress) peer.getLocalSocketAddress(), ran::incrementAndGet);
      watch.stop();
      send(peer, stun(0x0101), port.localAddress());
      await().atMost(Duration.ofSeconds(5)).until(() -> stunSeen.get() == 1);
      assertThat(ran).hasValue(0);
    }
  }
}
