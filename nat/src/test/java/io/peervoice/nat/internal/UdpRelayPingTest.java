package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunMessage;
import io.peervoice.natives.MediaLoops;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The round trip to a UDP relay's server, against a real loopback socket standing in for it: only a
 * success response from the server's address that carries the id of one of the round's requests
 * counts (a forged one falls through to ice4j untouched), and the figure is measured again in later
 * rounds, with fresh ids, until the path closes.
 */
class UdpRelayPingTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final MediaLoops loops = MediaLoops.create(1, "ping-test");
  private HostPort port;
  private DatagramChannel server;
  private DatagramChannel stranger;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {port, server, stranger}) {
      if (c != null) {
        c.close();
      }
    }
    loops.close();
  }

  private UdpRelayPing start(long roundMillis) throws Exception {
    port = HostPort.bind(loops.next(), LOOPBACK, 0);
    server = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
    stranger = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
    return UdpRelayPing.start(
        port,
        (InetSocketAddress) server.getLocalAddress(),
        System::nanoTime,
        new SplittableRandom(9),
        roundMillis);
  }

  /** The next request's transaction id, as the server sees it (fails after 10 s without one). */
  private byte[] request() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
    server.socket().setSoTimeout(10_000);
    server.socket().receive(p);
    assertThat(p.getLength()).isGreaterThanOrEqualTo(20);
    return Arrays.copyOfRange(p.getData(), 8, 20);
  }

  private void answer(DatagramChannel from, byte[] tid) throws Exception {
    byte[] r =
        StunCodec.encode(
            StunMessage.of(StunMessage.BINDING, StunClass.SUCCESS_RESPONSE, tid, List.of()),
            null,
            true);
    from.send(ByteBuffer.wrap(r), port.localAddress());
  }

  /** What fell through the ping's tap to ice4j's side of the port, within 5 s. */
  private byte[] fellThrough() throws Exception {
    port.adapter().setSoTimeout(5_000);
    DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
    port.adapter().receive(p);
    return Arrays.copyOfRange(p.getData(), 8, 20);
  }

  @Test
  void onlyAnAnswerFromTheServerWithOurTransactionIdCounts() throws Exception {
    UdpRelayPing ping = start(UdpRelayPing.ROUND_MILLIS);
    byte[] tid = request();
    byte[] forged = tid.clone();
    forged[11] ^= 1;
    answer(server, forged);
    assertThat(fellThrough()).as("another id: not ours").isEqualTo(forged);
    answer(stranger, tid);
    assertThat(fellThrough()).as("our id from another address: not ours").isEqualTo(tid);
    assertThat(ping.least()).isEmpty();

    answer(server, tid);
    await().until(() -> ping.least().isPresent());
    answer(server, tid);
    assertThat(fellThrough()).as("a second answer to one request: not ours").isEqualTo(tid);
    ping.close();
  }

  @Test
  void measuresAgainEveryRoundWithFreshIds() throws Exception {
    UdpRelayPing ping = start(UdpRelayPing.GIVE_UP_MILLIS);
    Set<String> ids = new HashSet<>();
    byte[] first = null;
    for (int i = 0; i < 2 * UdpRelayPing.PINGS; i++) {
      byte[] tid = request(); // the second round's come GIVE_UP_MILLIS after the first's
      assertThat(ids.add(Arrays.toString(tid))).as("request %d has a fresh id", i).isTrue();
      if (i == 0) {
        first = tid;
      }
      if (i >= UdpRelayPing.PINGS) {
        answer(server, tid);
      }
    }
    await().until(() -> ping.least().isPresent());
    answer(server, first); // the first round's id, late: that round is over
    assertThat(fellThrough()).isEqualTo(first);
    ping.close();
  }
}
