package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A {@link WebSocketServer} connection's handlers (HTTP codec, page table, upgrade, WebSocket
 * decoder, {@link WebSocketPeerHandler}) on hostile bytes. The first input byte picks the phase:
 * even, the bytes are the HTTP request itself; odd, a valid upgrade comes first and the bytes are
 * WebSocket frames from the client. Whatever comes, nothing escapes the pipeline (the channel's
 * exceptions are checked), and every frame the handler sees is a 16-bit length and that many bytes,
 * within the message limit; the handler's echo leaves without its prefix. Seeds: {@code
 * WebSocketPathFuzzTestInputs/connection/}.
 */
class WebSocketPathFuzzTest {
  private static final int MAX = 64;
  private static final byte[] UPGRADE =
      ("GET /ws HTTP/1.1\r\nHost: node\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  /** An embedded channel with a real remote address, as the server's connections have. */
  private static final class Connection extends EmbeddedChannel {
    @Override
    protected SocketAddress remoteAddress0() {
      return new InetSocketAddress("192.0.2.1", 40000);
    }

    @Override
    protected SocketAddress localAddress0() {
      return new InetSocketAddress("192.0.2.2", 8080);
    }
  }

  @FuzzTest(maxDuration = "5m")
  void connection(byte[] input) {
    if (input.length == 0) {
      return;
    }
    boolean upgraded = (input[0] & 1) == 1;
    byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
    WebSettings web =
        new WebSettings(
            "/ws",
            MAX,
            Map.of("/index.html", new WebPage("text/html", new byte[] {1})),
            Set.of(),
            WebSettings.DEFAULT_CSP);
    StreamLimits limits = StreamLimits.defaults();
    StreamServer.Tally tally = new StreamServer.Tally(limits);
    int[] frames = {0};
    StreamServer.Handler handler =
        new StreamServer.Handler() {
          @Override
          public void opened(StreamPeer peer) {}

          @Override
          public void frame(StreamPeer peer, byte[] data, int offset, int length) {
            assertThat(length).isBetween(2, MAX + 2);
            assertThat(((data[offset] & 0xFF) << 8 | (data[offset + 1] & 0xFF)) + 2)
                .isEqualTo(length);
            frames[0]++;
            peer.send(data, offset, length);
          }

          @Override
          public void closed(StreamPeer peer, Throwable cause) {}
        };
    Connection ch = new Connection();
    try {
      WebSocketServer.pipeline(ch, web, WebSocketServer.socketConfig(web, limits), tally, handler);
      if (upgraded) {
        ch.writeInbound(Unpooled.wrappedBuffer(UPGRADE));
        ch.runPendingTasks();
      }
      ch.writeInbound(Unpooled.wrappedBuffer(bytes));
      ch.runPendingTasks();
      ch.checkException();
      assertThat(frames[0]).isLessThanOrEqualTo(bytes.length / 6 + 1); // a masked frame is 6+
      for (Object out; (out = ch.readOutbound()) != null; ) {
        ReferenceCountUtil.release(out); // answers and frames; their bytes are Netty's codecs
      }
    } finally {
      ch.finishAndReleaseAll();
    }
  }
}
