package io.peervoice.nat.internal.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.Coturn;
import io.peervoice.nat.TurnServer;
import io.peervoice.nat.internal.stun.DecodedStun;
import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunMessage;
import io.peervoice.natives.MediaLoops;
import io.peervoice.testkit.TestCa;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The figure behind issue 15's "TURN/TCP adds at most 1 ms per packet beyond TURN/UDP": per-packet
 * round trips ({@value #ROUNDS} packets of 172 bytes, after 20 to warm up; p10, median, p90) client
 * -> relay -> UDP peer -> relay -> client through one coturn, over TURN/UDP (Send and Data
 * indications, made here with our codec), TURN/TCP and TURN/TLS (our client, ChannelData). Printed,
 * never asserted on (a figure for the report, not a wall-clock test).
 */
class TurnUdpBaselineTest {
  private static final int ROUNDS = 200;

  @Test
  void relayRoundTripsOverUdpTcpAndTls() throws Exception {
    assumeTrue(Coturn.installed(), "coturn is not installed");
    String host = Coturn.firstIpv4().orElse(null);
    assumeTrue(host != null, "no IPv4 interface besides loopback");
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (Coturn coturn = Coturn.startStreams(host, true, Files.createTempDirectory("coturn-rtt"));
        MediaLoops loops = MediaLoops.create(1, "turn-rtt");
        DatagramSocket peer = new DatagramSocket(0, InetAddress.getByName(host))) {
      peer.setSoTimeout(5000);
      InetSocketAddress peerAddress =
          new InetSocketAddress(InetAddress.getByName(host), peer.getLocalPort());
      long[] udpRtt = udpRoundTrips(new InetSocketAddress(host, coturn.port), peer, peerAddress);
      long udp = percentile(udpRtt, 50);
      StringBuilder report =
          new StringBuilder("relay round trip per packet, p10/p50/p90 (us): udp " + spread(udpRtt));
      for (TurnServer.Transport t : List.of(TurnServer.Transport.TCP, TurnServer.Transport.TLS)) {
        BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        TurnServer server = coturn.server(t, Coturn.PASSWORD);
        TurnClient client =
            TurnClient.allocate(
                    TurnClientSettings.of(server),
                    new TurnConnector(
                        loops.next(), server, TestCa.clientContext(), Duration.ofSeconds(5)),
                    timers,
                    System::currentTimeMillis,
                    new TurnClient.Listener() {
                      @Override
                      public void data(InetSocketAddress from, byte[] d, int off, int len) {
                        arrivals.add(System.nanoTime());
                      }

                      @Override
                      public void failed(String reason) {}
                    })
                .get(10, TimeUnit.SECONDS);
        try {
          byte[] m = new byte[172]; // an Opus 20 ms frame in SRTP, roughly
          DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
          long[] rtt = new long[ROUNDS];
          for (int i = 0; i < ROUNDS + 20; i++) { // the first 20 warm up (and bind the channel)
            long t0 = System.nanoTime();
            client.send(peerAddress, m, 0, m.length);
            peer.receive(in);
            peer.send(new DatagramPacket(in.getData(), in.getLength(), in.getSocketAddress()));
            Long at = arrivals.poll(5, TimeUnit.SECONDS);
            assertThat(at).isNotNull();
            if (i >= 20) {
              rtt[i - 20] = (at - t0) / 1000;
            }
          }
          assertThat(client.channelBound(peerAddress)).isTrue();
          long added = percentile(rtt, 50) - udp;
          report
              .append(", ")
              .append(t.label())
              .append(' ')
              .append(spread(rtt))
              .append(" (median +")
              .append(added)
              .append(" us round trip over udp, ~")
              .append(added / 2)
              .append(" us one way)");
        } finally {
          client.close();
        }
      }
      System.out.println(report);
    } finally {
      timers.shutdownNow();
    }
  }

  /** TURN over UDP by hand: Allocate (401 dance), CreatePermission, Send/Data indications. */
  private static long[] udpRoundTrips(
      InetSocketAddress server, DatagramSocket peer, InetSocketAddress peerAddress)
      throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, server.getAddress())) {
      s.setSoTimeout(5000);
      LongTermCredentials creds = new LongTermCredentials(Coturn.USER, Coturn.PASSWORD);
      DecodedStun r =
          request(
              s,
              server,
              creds,
              StunMessage.ALLOCATE,
              List.of(TurnAttributes.requestedTransportUdp()),
              null);
      creds.challenge(
          r.message().first(StunAttributes.REALM), r.message().first(StunAttributes.NONCE));
      r =
          request(
              s,
              server,
              creds,
              StunMessage.ALLOCATE,
              List.of(TurnAttributes.requestedTransportUdp()),
              null);
      assertThat(r.message().messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
      InetSocketAddress relayed =
          StunAttributes.readXorAddress(
              r.message().first(StunAttributes.XOR_RELAYED_ADDRESS), r.message().transactionId());
      r = request(s, server, creds, StunMessage.CREATE_PERMISSION, List.of(), peerAddress);
      assertThat(r.message().messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
      byte[] m = new byte[172];
      DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
      DatagramPacket back = new DatagramPacket(new byte[1500], 1500);
      long[] rtt = new long[ROUNDS];
      for (int i = 0; i < ROUNDS + 20; i++) {
        byte[] tid = tid(i);
        byte[] send =
            StunCodec.encode(
                StunMessage.of(
                    StunMessage.SEND,
                    StunClass.INDICATION,
                    tid,
                    List.of(
                        StunAttributes.xorAddress(
                            StunAttributes.XOR_PEER_ADDRESS, peerAddress, tid),
                        TurnAttributes.data(m, 0, m.length))),
                null,
                false);
        long t0 = System.nanoTime();
        s.send(new DatagramPacket(send, send.length, server));
        peer.receive(in);
        peer.send(new DatagramPacket(in.getData(), in.getLength(), relayed));
        s.receive(back);
        if (i >= 20) {
          rtt[i - 20] = (System.nanoTime() - t0) / 1000;
        }
      }
      return rtt;
    }
  }

  private static DecodedStun request(
      DatagramSocket s,
      InetSocketAddress server,
      LongTermCredentials creds,
      int method,
      List<StunAttribute> attributes,
      InetSocketAddress peer)
      throws Exception {
    byte[] tid = tid(method + 1000);
    List<StunAttribute> all = new ArrayList<>(attributes);
    if (peer != null) {
      all.add(StunAttributes.xorAddress(StunAttributes.XOR_PEER_ADDRESS, peer, tid));
    }
    if (creds.ready()) {
      all.addAll(creds.attributes());
    }
    byte[] wire =
        StunCodec.encode(
            StunMessage.of(method, StunClass.REQUEST, tid, all), creds.integrity(), false);
    s.send(new DatagramPacket(wire, wire.length, server));
    DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
    s.receive(in);
    return StunCodec.decode(in.getData(), 0, in.getLength(), StunAttributes.TURN_UNDERSTOOD);
  }

  private static byte[] tid(int n) {
    byte[] t = new byte[12];
    t[8] = (byte) (n >> 24);
    t[9] = (byte) (n >> 16);
    t[10] = (byte) (n >> 8);
    t[11] = (byte) n;
    return t;
  }

  private static long percentile(long[] v, int q) {
    long[] c = v.clone();
    Arrays.sort(c);
    return c[Math.min(c.length - 1, c.length * q / 100)];
  }

  private static String spread(long[] v) {
    return percentile(v, 10) + "/" + percentile(v, 50) + "/" + percentile(v, 90);
  }
}
