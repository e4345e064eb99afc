package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link StunProbe}: the XOR-MAPPED-ADDRESS of a Binding response, IPv4 and IPv6. */
class StunProbeTest {
  private static final int MAGIC = 0x2112A442;
  private static final byte[] TX = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  /** A Binding success response to {@code tx} with one address attribute. */
  private static byte[] response(byte[] tx, int attr, InetSocketAddress a, boolean xor) {
    byte[] ip = a.getAddress().getAddress();
    int port = a.getPort();
    if (xor) {
      port ^= MAGIC >>> 16;
      byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC).put(tx).array();
      for (int i = 0; i < ip.length; i++) {
        ip[i] ^= mask[i];
      }
    }
    int len = 4 + ip.length;
    ByteBuffer b = ByteBuffer.allocate(20 + 4 + len);
    b.putShort((short) 0x0101).putShort((short) (4 + len)).putInt(MAGIC).put(tx);
    b.putShort((short) attr).putShort((short) len);
    b.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2)).putShort((short) port).put(ip);
    return b.array();
  }

  @Test
  void readsXorMappedAddressesOfBothFamiliesAndThePlainOne() throws Exception {
    InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000);
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 3478);
    assertThat(StunProbe.parse(response(TX, 0x0020, v4, true), TX)).isEqualTo(v4);
    assertThat(StunProbe.parse(response(TX, 0x0020, v6, true), TX)).isEqualTo(v6);
    assertThat(StunProbe.parse(response(TX, 0x0001, v4, false), TX)).isEqualTo(v4);
    byte[] otherTx = TX.clone();
    otherTx[0] = 99;
    assertThat(StunProbe.parse(response(otherTx, 0x0020, v4, true), TX)).isNull();
    byte[] truncated = Arrays.copyOf(response(TX, 0x0020, v4, true), 26);
    assertThat(StunProbe.parse(truncated, TX)).isNull();
    assertThat(StunProbe.parse(new byte[5], TX)).isNull();
  }

  @Test
  void asksAServerAndGetsTheAddressItSaw() throws Exception {
    try (DatagramSocket server =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Thread answer =
          new Thread(
              () -> {
                try {
                  byte[] buf = new byte[1500];
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  server.receive(p);
                  byte[] tx = Arrays.copyOfRange(buf, 8, 20);
                  InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
                  byte[] r = response(tx, 0x0020, from, true);
                  server.send(new DatagramPacket(r, r.length, from));
                } catch (Exception e) {
                  // the test fails on the probe's side
                }
              });
      answer.start();
      Optional<StunProbe> got =
          StunProbe.bind((InetSocketAddress) server.getLocalSocketAddress(), Duration.ofSeconds(2));
      answer.join();
      assertThat(got).isPresent();
      assertThat(got.get().mapped()).isEqualTo(got.get().local());
      assertThat(got.get().roundTripMicros()).isPositive();
    }
  }

  @Test
  void noAnswerIsEmpty() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertThat(
              StunProbe.bind(
                  (InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMillis(100)))
          .isEmpty();
    }
  }
}
