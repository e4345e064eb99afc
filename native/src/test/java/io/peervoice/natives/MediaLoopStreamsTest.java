package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.testkit.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A media loop counts its TCP/TLS streams as sockets, from connect to close (issue #13, media loop
 * threads idle out): a loop whose last UDP port closed keeps its thread while a stream is open,
 * well past the idle grace, and ends it once the stream closes, whichever end closes it; a connect
 * that fails leaves nothing counted.
 */
class MediaLoopStreamsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final StreamFraming FRAMING = StreamFraming.lengthPrefixed16(1500);
  private static final long GRACE_MILLIS = 20;
  private static final InetSocketAddress ANY_LOCAL =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private MediaLoops loops;
  private ServerSocket server;
  private final CompletableFuture<Socket> accepted = new CompletableFuture<>();

  @AfterEach
  void close() throws IOException {
    if (loops != null) {
      loops.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private MediaLoop loop(String prefix) {
    loops = MediaLoops.create(1, prefix, NativeTransport.detect(), GRACE_MILLIS);
    return loops.next();
  }

  /** A server that accepts one connection and reads it to the end (TLS with the test CA). */
  private InetSocketAddress server(boolean tls) throws IOException {
    server =
        tls
            ? (SSLServerSocket)
                TestCa.serverContext()
                    .getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress())
            : new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              try {
                Socket s = server.accept();
                accepted.complete(s);
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                  // until the client closes
                }
              } catch (IOException e) {
                // closed by the test
              }
            },
            "mls-server");
    t.setDaemon(true);
    t.start();
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  private static TlsClientSettings tls(boolean tls) {
    return tls ? new TlsClientSettings(TestCa.clientContext(), "localhost", null) : null;
  }

  private static final class Closed implements StreamConnection.Listener {
    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();

    @Override
    public void frame(byte[] data, int offset, int length) {}

    @Override
    public void closed(Throwable cause) {
      closed.complete(Optional.ofNullable(cause));
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void anOpenStreamKeepsTheLoopAndItsCloseLetsTheThreadEnd(boolean tls) throws Exception {
    String prefix = "mls-keep-" + tls;
    MediaLoop loop = loop(prefix);
    InetSocketAddress addr = server(tls);
    DatagramPort port = loop.bind(ANY_LOCAL, (d, o, l, f) -> {});
    StreamConnection stream =
        loop.connect(addr, tls(tls), FRAMING, TIMEOUT, new Closed())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    port.close(); // the last UDP port: only the stream is left

    await()
        .during(Duration.ofMillis(15 * GRACE_MILLIS))
        .atMost(TIMEOUT)
        .alias("a stream is open: the thread stays, well past the grace")
        .until(() -> threadsNamed(prefix) == 1 && !loop.idledOut());

    stream.close();
    await()
        .atMost(TIMEOUT)
        .alias("the stream closed: no socket, no thread")
        .until(() -> threadsNamed(prefix) == 0);
    assertThat(loop.idledOut()).isTrue();
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aStreamThePeerClosesLetsTheThreadEnd(boolean tls) throws Exception {
    String prefix = "mls-peer-" + tls;
    MediaLoop loop = loop(prefix);
    InetSocketAddress addr = server(tls);
    Closed listener = new Closed();
    loop.connect(addr, tls(tls), FRAMING, TIMEOUT, listener)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    await()
        .during(Duration.ofMillis(15 * GRACE_MILLIS))
        .atMost(TIMEOUT)
        .until(() -> threadsNamed(prefix) == 1 && !loop.idledOut());

    accepted.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).close();
    assertThat(listener.closed).succeedsWithin(TIMEOUT);
    await()
        .atMost(TIMEOUT)
        .alias("the peer closed the stream: no socket, no thread")
        .until(() -> threadsNamed(prefix) == 0);
    assertThat(loop.idledOut()).isTrue();
  }

  @Test
  void aRefusedConnectLeavesNothingCounted() throws Exception {
    String prefix = "mls-refused";
    MediaLoop loop = loop(prefix);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
    assertThat(loop.connect(nobody, null, FRAMING, TIMEOUT, new Closed())).failsWithin(TIMEOUT);
    await()
        .atMost(TIMEOUT)
        .alias("the connect failed: no socket, no thread")
        .until(() -> threadsNamed(prefix) == 0);
    assertThat(loop.idledOut()).isTrue();
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .count();
  }
}
