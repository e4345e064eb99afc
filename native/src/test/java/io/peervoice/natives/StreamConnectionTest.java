package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.testkit.TestCa;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Client stream connections against JDK server sockets: plain TCP and TLS, on both transports. */
class StreamConnectionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final StreamFraming FRAMING = StreamFraming.lengthPrefixed16(1500);

  private MediaLoops loops;
  private ServerSocket server;

  @AfterEach
  void close() throws IOException {
    if (loops != null) {
      loops.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Records frames and the close, with the thread each came on. */
  static final class Recorder implements StreamConnection.Listener {
    final List<String> frames = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();

    @Override
    public void frame(byte[] data, int offset, int length) {
      frames.add(new String(data, offset + 2, length - 2, StandardCharsets.UTF_8));
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void closed(Throwable cause) {
      if (!closed.complete(Optional.ofNullable(cause))) {
        throw new AssertionError("closed twice");
      }
    }
  }

  private MediaLoop loop(NativeTransport.Kind kind) {
    NativeTransport transport =
        kind == NativeTransport.Kind.NIO
            ? new NativeTransport(NativeTransport.Kind.NIO, Optional.of("asked"))
            : NativeTransport.detect();
    loops = MediaLoops.create(1, "sc-" + kind, transport);
    return loops.next();
  }

  /** A server echoing each length-prefixed frame, upper-cased, then closing after "bye". */
  private InetSocketAddress echoServer(ServerSocket socket) {
    server = socket;
    daemon(
        () -> {
          try (Socket s = socket.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
              byte[] payload = new byte[in.readUnsignedShort()];
              in.readFully(payload);
              String text = new String(payload, StandardCharsets.UTF_8);
              if (text.equals("bye")) {
                return;
              }
              // two frames in one write: the client must split them
              byte[] reply = text.toUpperCase().getBytes(StandardCharsets.UTF_8);
              out.write(frame(reply));
              out.write(frame(reply));
              out.flush();
            }
          } catch (IOException e) {
            // the client went away
          }
        });
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "sc-server");
    t.setDaemon(true);
    t.start();
  }

  private static byte[] frame(byte[] payload) {
    byte[] f = new byte[payload.length + 2];
    f[0] = (byte) (payload.length >> 8);
    f[1] = (byte) payload.length;
    System.arraycopy(payload, 0, f, 2, payload.length);
    return f;
  }

  private static byte[] frame(String text) {
    return frame(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ServerSocket tlsServer() throws IOException {
    SSLServerSocket s =
        (SSLServerSocket)
            TestCa.serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    return s;
  }

  private static ServerSocket tcpServer() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void plainTcpFramesBothWaysOnTheLoopThenOrderlyClose(NativeTransport.Kind kind) throws Exception {
    MediaLoop loop = loop(kind);
    InetSocketAddress addr = echoServer(tcpServer());
    Recorder rec = new Recorder();
    StreamConnection c = loop.connect(addr, null, FRAMING, TIMEOUT, rec).get(5, TimeUnit.SECONDS);
    assertThat(c.tlsProtocol()).isNull();
    assertThat(c.remoteAddress()).isEqualTo(addr);
    byte[] hello = frame("hello");
    assertThat(c.send(hello, 0, hello.length)).isTrue();
    await().atMost(TIMEOUT).until(() -> rec.frames.size() == 2);
    assertThat(rec.frames).containsExactly("HELLO", "HELLO");
    assertThat(rec.threads).allMatch(t -> t.startsWith("sc-" + kind));
    byte[] bye = frame("bye");
    c.send(bye, 0, bye.length);
    assertThat(rec.closed.get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(c.send(hello, 0, hello.length)).isFalse();
    assertThat(c.sendDropped()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void tlsWithTheTestCaVerifiesHostAndCarriesFrames(NativeTransport.Kind kind) throws Exception {
    MediaLoop loop = loop(kind);
    InetSocketAddress addr = echoServer(tlsServer());
    Recorder rec = new Recorder();
    AtomicReference<String> checkedSubject = new AtomicReference<>();
    TlsClientSettings tls =
        new TlsClientSettings(
            TestCa.clientContext(),
            "localhost",
            chain -> {
              checkedSubject.set(chain[0].getSubjectX500Principal().getName());
              return true;
            });
    StreamConnection c = loop.connect(addr, tls, FRAMING, TIMEOUT, rec).get(5, TimeUnit.SECONDS);
    assertThat(c.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
    assertThat(checkedSubject.get()).isEqualTo("CN=localhost");
    byte[] hi = frame("over tls");
    c.send(hi, 0, hi.length);
    await().atMost(TIMEOUT).until(() -> rec.frames.size() == 2);
    assertThat(rec.frames).containsExactly("OVER TLS", "OVER TLS");
    c.close();
    assertThat(rec.closed.get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void tlsFailsForAnUntrustedChainAWrongNameOrARefusedPin() throws Exception {
    MediaLoop loop = loop(NativeTransport.Kind.EPOLL);
    SSLContext ca = TestCa.clientContext();
    assertTlsFails(loop, TlsClientSettings.jdkDefault("localhost"), "TLS handshake");
    assertTlsFails(loop, new TlsClientSettings(ca, "turn.example.org", null), "TLS handshake");
    assertTlsFails(
        loop, new TlsClientSettings(ca, null, chain -> false), "failed the certificate check");
  }

  private void assertTlsFails(MediaLoop loop, TlsClientSettings tls, String reason)
      throws IOException, InterruptedException {
    InetSocketAddress addr = echoServer(tlsServer());
    Recorder rec = new Recorder();
    try {
      loop.connect(addr, tls, FRAMING, TIMEOUT, rec).get(5, TimeUnit.SECONDS);
      throw new AssertionError("connected with " + tls);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(SSLException.class).hasMessageContaining(reason);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer", e);
    }
    assertThat(rec.closed).isNotDone();
    server.close();
  }

  @Test
  void aCorruptStreamClosesWithACause() throws Exception {
    MediaLoop loop = loop(NativeTransport.Kind.EPOLL);
    server = tcpServer();
    daemon(
        () -> {
          try (Socket s = server.accept()) {
            s.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2});
            s.getInputStream().read();
          } catch (IOException e) {
            // closed by the client, as expected
          }
        });
    Recorder rec = new Recorder();
    InetSocketAddress addr =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    loop.connect(addr, null, FRAMING, TIMEOUT, rec).get(5, TimeUnit.SECONDS);
    assertThat(rec.closed.get(5, TimeUnit.SECONDS))
        .hasValueSatisfying(t -> assertThat(t).hasMessageContaining("corrupt stream"));
  }

  @Test
  void aRefusedConnectFailsTheFutureWithTheAddress() throws Exception {
    MediaLoop loop = loop(NativeTransport.Kind.EPOLL);
    InetSocketAddress addr;
    try (ServerSocket s = tcpServer()) {
      addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
    Recorder rec = new Recorder();
    CompletableFuture<StreamConnection> f = loop.connect(addr, null, FRAMING, TIMEOUT, rec);
    assertThat(f).failsWithin(Duration.ofSeconds(5));
    try {
      f.get();
    } catch (ExecutionException e) {
      assertThat(e.getCause())
          .isInstanceOf(IOException.class)
          .hasMessageContaining(addr.toString());
    }
  }

  @Test
  void theUdpEndpointLoopConnectsToo() throws Exception {
    InetSocketAddress addr = echoServer(tcpServer());
    try (UdpEndpoint udp =
        UdpEndpoint.bind(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), (s, d) -> {}, "sc-udp")) {
      Recorder rec = new Recorder();
      StreamConnection c = udp.connect(addr, null, FRAMING, TIMEOUT, rec).get(5, TimeUnit.SECONDS);
      byte[] x = frame("x");
      c.send(x, 0, x.length);
      await().atMost(TIMEOUT).until(() -> rec.frames.size() == 2);
      assertThat(rec.threads).allMatch(t -> t.startsWith("sc-udp"));
      c.close();
    }
  }

  @Test
  void lengthPrefixedFramingNeedsTheWholeFrameAndRefusesOversize() {
    StreamFraming f = StreamFraming.lengthPrefixed16(4);
    assertThat(f.frameLength(new byte[] {0}, 0, 1)).isZero();
    assertThat(f.frameLength(new byte[] {0, 3, 1, 2}, 0, 4)).isZero();
    assertThat(f.frameLength(new byte[] {0, 3, 1, 2, 3, 9}, 0, 6)).isEqualTo(5);
    assertThat(f.frameLength(new byte[] {0, 5, 1, 2, 3, 4, 5}, 0, 7)).isEqualTo(-1);
  }

  @Test
  void sendsFromOtherThreadsStopAtTheHighWaterMarkWhileTheLoopIsBusy() throws Exception {
    MediaLoop loop = loop(NativeTransport.Kind.EPOLL);
    server = tcpServer(); // accepts (backlog) but never reads
    InetSocketAddress addr =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    StreamConnection c =
        loop.connect(addr, null, FRAMING, TIMEOUT, new Recorder()).get(5, TimeUnit.SECONDS);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    loop.executor()
        .execute(
            () -> {
              busy.countDown();
              try {
                release.await(10, TimeUnit.SECONDS); // the loop is busy: nothing is written
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    busy.await(5, TimeUnit.SECONDS);
    byte[] frame = frame(new byte[1400]);
    int accepted = 0;
    for (int i = 0; i < StreamConnection.MAX_QUEUED_OFF_LOOP; i++) {
      if (c.send(frame, 0, frame.length)) {
        accepted++;
      }
    }
    release.countDown();
    // without the byte count, all 1024 (1.4 MiB) were taken while the loop could write none
    assertThat((long) accepted * frame.length).isLessThanOrEqualTo(StreamConnection.HIGH_WATER);
    assertThat(accepted).isPositive();
    assertThat(c.sendDropped()).isEqualTo(StreamConnection.MAX_QUEUED_OFF_LOOP - accepted);
    c.close();
  }
}
