package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server side of stream connections on loopback, with plain JDK sockets as clients: frames both
 * ways, and each limit (connections per IP and in total, frame size, idle and TLS handshake
 * timeouts, back-pressure) closing or refusing as its counter says.
 */
class StreamServerTest {
  private static final InetSocketAddress ANY =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final StreamFraming FRAMING = StreamFraming.lengthPrefixed16(100);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<String> frames = new CopyOnWriteArrayList<>();
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicReference<StreamPeer> last = new AtomicReference<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** Echoes every frame back. */
  private final StreamServer.Handler echo =
      new StreamServer.Handler() {
        @Override
        public void opened(StreamPeer peer) {
          last.set(peer);
        }

        @Override
        public void frame(StreamPeer peer, byte[] data, int offset, int length) {
          frames.add(
              new String(data, offset + 2, length - 2, java.nio.charset.StandardCharsets.UTF_8));
          peer.send(data, offset, length);
        }

        @Override
        public void closed(StreamPeer peer, Throwable cause) {
          closed.incrementAndGet();
        }
      };

  private StreamServer server(StreamLimits limits, TlsServerSettings tls) throws IOException {
    StreamServer s = StreamServer.start(ANY, tls, FRAMING, limits, echo, "stream-test");
    open.add(s);
    return s;
  }

  private Socket connect(StreamServer s) throws IOException {
    Socket socket = new Socket();
    socket.connect(s.localAddress(), 2_000);
    socket.setSoTimeout(5_000);
    open.add(socket);
    return socket;
  }

  private static void sendFrame(Socket socket, String text) throws IOException {
    byte[] body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(new byte[] {(byte) (body.length >> 8), (byte) body.length});
    out.write(body);
    out.flush();
  }

  /** True once the server closed {@code socket} (read sees the end). */
  private static boolean closedByServer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Test
  void framesArriveInOrderAcrossSplitReadsAndAreEchoed() throws Exception {
    StreamServer s = server(StreamLimits.defaults(), null);
    Socket c = connect(s);
    OutputStream out = c.getOutputStream();
    out.write(new byte[] {0, 2, 'h'}); // a frame split across two writes
    out.flush();
    out.write(new byte[] {'i', 0, 3, 'y', 'o', 'u'});
    out.flush();
    await().atMost(Duration.ofSeconds(5)).until(() -> frames.size() == 2);
    assertThat(frames).containsExactly("hi", "you");
    byte[] echoed = c.getInputStream().readNBytes(9);
    assertThat(echoed).containsExactly(0, 2, 'h', 'i', 0, 3, 'y', 'o', 'u');
    assertThat(s.counters().framesIn()).isEqualTo(2);
    assertThat(s.counters().framesOut()).isEqualTo(2);
    assertThat(last.get().tlsProtocol()).isNull();
  }

  @Test
  void theNioTransportServesTheSameFrames() throws Exception {
    io.netty.channel.MultiThreadIoEventLoopGroup nio =
        new io.netty.channel.MultiThreadIoEventLoopGroup(
            1, io.netty.channel.nio.NioIoHandler.newFactory());
    StreamServer s =
        StreamServer.start(nio, false, true, ANY, null, FRAMING, StreamLimits.defaults(), echo);
    open.add(s);
    Socket c = connect(s);
    sendFrame(c, "over nio");
    assertThat(c.getInputStream().readNBytes(10)).endsWith("over nio".getBytes());
    assertThat(frames).containsExactly("over nio");
  }

  @Test
  void aThirdConnectionFromOneIpIsClosedAtOnce() throws Exception {
    StreamServer s = server(StreamLimits.defaults().withConnections(10, 2), null);
    connect(s);
    connect(s);
    Socket third = connect(s);
    assertThat(closedByServer(third)).isTrue();
    assertThat(s.counters().refusedPerIp()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> s.counters().open() == 2);
  }

  @Test
  void connectionsOverTheTotalAreClosedAtOnce() throws Exception {
    StreamServer s = server(StreamLimits.defaults().withConnections(1, 1), null);
    Socket first = connect(s);
    assertThat(closedByServer(connect(s))).isTrue();
    assertThat(s.counters().refusedTotal()).isEqualTo(1);
    first.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> s.counters().open() == 0);
    Socket again = connect(s); // the place is free again
    sendFrame(again, "ok");
    await().atMost(Duration.ofSeconds(5)).until(() -> frames.contains("ok"));
  }

  @Test
  void anOversizedFrameClosesTheConnection() throws Exception {
    StreamServer s = server(StreamLimits.defaults(), null);
    Socket c = connect(s);
    c.getOutputStream().write(new byte[] {0, 101}); // over the framing's 100 bytes
    c.getOutputStream().flush();
    assertThat(closedByServer(c)).isTrue();
    assertThat(s.counters().corrupt()).isEqualTo(1);
    assertThat(frames).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> closed.get() == 1);
  }

  @Test
  void closingTheServerClosesItsConnectionsOnASharedLoop() throws Exception {
    try (UdpEndpoint udp = UdpEndpoint.bind(ANY, (from, data) -> {}, "shared-loop")) {
      StreamServer s = udp.serveStreams(ANY, null, FRAMING, StreamLimits.defaults(), echo);
      Socket c = connect(s);
      sendFrame(c, "on the udp loop");
      await().atMost(Duration.ofSeconds(5)).until(() -> frames.size() == 1);
      s.close();
      assertThat(closedByServer(c)).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> closed.get() == 1);
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    StreamServer s = server(StreamLimits.defaults().withIdleTimeout(Duration.ofMillis(200)), null);
    Socket c = connect(s);
    assertThat(closedByServer(c)).isTrue();
    assertThat(s.counters().idleClosed()).isEqualTo(1);
  }

  @Test
  void aTlsHandshakeThatNeverStartsTimesOut() throws Exception {
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
    TlsServerSettings tls =
        TlsServerSettings.selfSigned(ed.generateKeyPair(), "test", Duration.ofDays(1));
    StreamServer s =
        server(StreamLimits.defaults().withHandshakeTimeout(Duration.ofMillis(200)), tls);
    Socket c = connect(s); // plain TCP, says nothing
    assertThat(closedByServer(c)).isTrue();
    assertThat(s.counters().handshakeFailed()).isEqualTo(1);
    assertThat(s.counters().open()).isZero();
  }

  @Test
  void aPeerThatDoesNotReadMeetsBackPressure() throws Exception {
    StreamServer s = server(StreamLimits.defaults().withOutboundHighWater(64 * 1024), null);
    Socket c = connect(s);
    c.setReceiveBufferSize(4096);
    sendFrame(c, "hello");
    await().atMost(Duration.ofSeconds(5)).until(() -> last.get() != null);
    byte[] frame = new byte[102];
    frame[1] = 100;
    StreamPeer peer = last.get();
    // the client reads nothing: the kernel buffers fill, then the outbound queue, then sends fail
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (int i = 0; i < 1_000; i++) {
                peer.send(frame, 0, frame.length);
              }
              return s.counters().sendsRefused() > 0;
            });
  }
}
