package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A host port's demultiplexing on its loop (RFC 7983): STUN and TURN ChannelData to ice4j's adapter
 * socket, media to the path's handler from the selected source only, media that came before the
 * path received kept (the last {@value HostPort#PENDING}) and handed on first; the adapter's
 * receive honours its timeout and ends when closed. Real UDP sockets on loopback.
 */
class HostPortTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final MediaLoops loops = MediaLoops.create(1, "hostport-test");
  private final MediaLoop loop = loops.next();

  @AfterEach
  void stop() {
    loops.close();
  }

  private static byte[] datagram(int first, int index) {
    return new byte[] {(byte) first, (byte) index, 0, 0};
  }

  private static void send(DatagramSocket from, byte[] data, InetSocketAddress to)
      throws Exception {
    from.send(new DatagramPacket(data, data.length, to));
  }

  private static byte[] receive(AdapterSocket adapter) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[64], 64);
    adapter.receive(p);
    byte[] out = new byte[p.getLength()];
    System.arraycopy(p.getData(), p.getOffset(), out, 0, p.getLength());
    return out;
  }

  @Test
  void aPathBesideTheAttachedOneKeepsItsSourcesAdmitted() throws Exception {
    // a relayed path on this port (its TURN server's address) and a predicted direct path beside
    // it: both deliver; before the fix the direct path's attach replaced the relay's source, so
    // the relay, the fallback after the direct path's consent is lost, was deaf
    try (HostPort port = HostPort.bind(loop, LOOPBACK, 0);
        DatagramSocket relay = new DatagramSocket(0, LOOPBACK);
        DatagramSocket direct = new DatagramSocket(0, LOOPBACK);
        DatagramSocket stranger = new DatagramSocket(0, LOOPBACK)) {
      List<Integer> heard = new CopyOnWriteArrayList<>();
      io.peervoice.nat.DatagramHandler h = (d, o, l) -> heard.add((int) d[o + 1]);
      port.attachMedia(SourceFilter.of((InetSocketAddress) relay.getLocalSocketAddress()), h);
      port.attachAlso((InetSocketAddress) direct.getLocalSocketAddress(), h);
      InetSocketAddress to = port.localAddress();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                send(relay, datagram(0x80, 1), to);
                send(direct, datagram(0x80, 2), to);
                send(stranger, datagram(0x80, 3), to);
                assertThat(heard).contains(1, 2);
              });
      assertThat(heard).doesNotContain(3);
    }
  }

  @Test
  void stunAndChannelDataGoToIce4jAndMediaWaitsForThePath() throws Exception {
    try (HostPort port = HostPort.bind(loop, LOOPBACK, 0);
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK);
        DatagramSocket stranger = new DatagramSocket(0, LOOPBACK)) {
      InetSocketAddress to = port.localAddress();
      port.adapter().setSoTimeout(5_000);
      send(peer, datagram(0x00, 1), to); // STUN binding request
      send(peer, datagram(0x40, 2), to); // TURN ChannelData
      for (int i = 0; i < HostPort.PENDING + 3; i++) {
        send(peer, datagram(0x80, i), to); // RTP, before the path receives
      }
      send(stranger, datagram(0x80, 99), to);

      assertThat(receive(port.adapter())).startsWith(0x00, 1);
      assertThat(receive(port.adapter())).startsWith(0x40, 2);

      InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
      // wait until all of it reached the port (the stranger's is the last one sent)
      await().atMost(Duration.ofSeconds(5)).until(() -> port.dropped() == 4);
      List<Integer> heard = new CopyOnWriteArrayList<>();
      List<Boolean> onLoop = new CopyOnWriteArrayList<>();
      SourceFilter filter = SourceFilter.of(peerAddress);
      port.attachMedia(
          filter,
          (d, off, len) -> {
            heard.add((int) d[off + 1]);
            onLoop.add(loop.inLoop());
          });
      onTheLoop(); // the attach (a task on the loop) has run
      send(peer, datagram(0x80, 100), to);
      send(stranger, datagram(0x80, 101), to);
      send(peer, datagram(0x80, 102), to);
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(102));
      // 35 early ones from the peer and one from the stranger: the oldest 4 dropped for room
      assertThat(heard).as("heard %s", heard).hasSizeGreaterThan(HostPort.PENDING);
      assertThat(heard.subList(0, HostPort.PENDING - 1))
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(4, HostPort.PENDING + 3).boxed().toList());
      assertThat(heard).endsWith(100, 102).doesNotContain(99, 101);
      assertThat(filter.dropped()).isEqualTo(2);
      assertThat(onLoop).containsOnly(true);

      port.detachMedia();
      onTheLoop();
      send(peer, datagram(0x80, 103), to);
      send(peer, datagram(0x01, 3), to); // a STUN response still reaches ice4j
      assertThat(receive(port.adapter())).startsWith(0x01, 3);
      assertThat(heard).doesNotContain(103);
    }
  }

  /** Returns once the tasks queued on the loop before this call have run. */
  private void onTheLoop() throws Exception {
    loop.executor().submit(() -> {}).get(5, TimeUnit.SECONDS);
  }

  @Test
  void stunGoesToTheSinkSetInsteadOfIce4j() throws Exception {
    try (HostPort port = HostPort.bind(loop, LOOPBACK, 0);
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
      List<InetSocketAddress> stun = new CopyOnWriteArrayList<>();
      port.setStun((d, off, len, from) -> stun.add(from));
      send(peer, datagram(0x01, 1), port.localAddress());
      await().atMost(Duration.ofSeconds(5)).until(() -> stun.size() == 1);
      assertThat(stun.get(0)).isEqualTo(peer.getLocalSocketAddress());
      port.adapter().setSoTimeout(1);
      assertThatThrownBy(() -> receive(port.adapter())).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void theAdapterSendsThroughThePortAndItsCloseEndsABlockedReader() throws Exception {
    try (HostPort port = HostPort.bind(loop, LOOPBACK, 0);
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
      AdapterSocket adapter = port.adapter();
      assertThat(adapter.getLocalSocketAddress()).isEqualTo(port.localAddress());
      byte[] hello = {0, 1, 2, 3, 4};
      adapter.send(new DatagramPacket(hello, 1, 3, peer.getLocalSocketAddress()));
      DatagramPacket got = new DatagramPacket(new byte[16], 16);
      peer.setSoTimeout(5_000);
      peer.receive(got);
      assertThat(got.getLength()).isEqualTo(3);
      assertThat(got.getSocketAddress()).isEqualTo(port.localAddress());

      CompletableFuture<Throwable> reader =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  receive(adapter);
                  return null;
                } catch (Exception e) {
                  return e;
                }
              });
      adapter.close();
      assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
      assertThat(adapter.isClosed()).isTrue();
      assertThatThrownBy(
              () -> adapter.send(new DatagramPacket(hello, 1, peer.getLocalSocketAddress())))
          .isInstanceOf(SocketException.class);
    }
  }
}
