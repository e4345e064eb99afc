package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.IceRole;
import io.peervoice.nat.MediaPath;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fallback for machines with only a loopback interface. */
class LoopbackSessionTest {

  @Test
  void connectsTwoLoopbackEndpointsAndSaysSo() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (LoopbackSession a = new LoopbackSession(IceRole.CONTROLLING, scheduler, Thread::new);
        LoopbackSession b = new LoopbackSession(IceRole.CONTROLLED, scheduler, Thread::new)) {
      MediaPath ab = a.connect(b.localParameters()).get(5, TimeUnit.SECONDS);
      MediaPath ba = b.connect(a.localParameters()).get(5, TimeUnit.SECONDS);
      assertThat(ab.loopbackFallback()).isTrue();
      assertThat(ab.remoteCandidate().address()).isEqualTo("127.0.0.1");
      List<Integer> lengths = new CopyOnWriteArrayList<>();
      ba.startReceiving((d, off, len) -> lengths.add(len));
      ab.send(new byte[17], 0, 17);
      await().until(() -> lengths.contains(17));
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void datagramsFromAnyOtherSourceAreDroppedAndCounted() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (LoopbackSession a = new LoopbackSession(IceRole.CONTROLLING, scheduler, Thread::new);
        LoopbackSession b = new LoopbackSession(IceRole.CONTROLLED, scheduler, Thread::new);
        java.net.DatagramSocket otherIp =
            new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.2"));
        java.net.DatagramSocket otherPort =
            new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      MediaPath ab = a.connect(b.localParameters()).get(5, TimeUnit.SECONDS);
      MediaPath ba = b.connect(a.localParameters()).get(5, TimeUnit.SECONDS);
      List<Integer> lengths = new CopyOnWriteArrayList<>();
      ba.startReceiving((d, off, len) -> lengths.add(len));
      java.net.InetSocketAddress target =
          new java.net.InetSocketAddress(ba.localCandidate().address(), ba.localCandidate().port());
      otherIp.send(new java.net.DatagramPacket(new byte[99], 99, target));
      otherPort.send(new java.net.DatagramPacket(new byte[98], 98, target));
      ab.send(new byte[17], 0, 17);
      await().until(() -> lengths.contains(17) && ba.droppedForeignSource() == 2);
      assertThat(lengths).containsExactly(17);
    } finally {
      scheduler.shutdownNow();
    }
  }
}
