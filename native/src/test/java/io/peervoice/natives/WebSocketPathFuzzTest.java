package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link WebSocketServer} connection's handlers (HTTP codec, page table, upgrade, WebSocket
 * decoder, {@link WebSocketPeerHandler}) on hostile bytes. The first input byte picks the phase:
 * even, the bytes are the HTTP request itself; odd, a valid upgrade comes first and the bytes are
 * WebSocket frames from the client. Whatever comes, nothing escapes the pipeline (the channel's
 * exceptions are checked); the only failures on the way to {@link WebSocketPeerHandler} (which
 * closes on any) are the codecs' refusals of bad bytes, anything else (a bug) fails the run; before
 * the upgrade at most one HTTP answer leaves; and every frame the handler sees is a 16-bit length
 * and that many bytes, within the message limit; the handler's echo leaves without its prefix.
 * Seeds: {@code WebSocketPathFuzzTestInputs/connection/}.
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

  /** A failure the codecs raise on hostile bytes, as designed. */
  static boolean expected(Throwable t) {
    Throwable c = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
    return c instanceof CorruptedFrameException
        || c instanceof TooLongFrameException
        || c instanceof WebSocketHandshakeException;
  }

  /** Sits just before the peer handler and keeps every failure that passes. */
  private static final class Recorder extends ChannelInboundHandlerAdapter {
    final List<Throwable> seen = new ArrayList<>();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      seen.add(cause);
      ctx.fireExceptionCaught(cause);
    }
  }

  /** How many HTTP answers (status lines) are in the bytes. */
  static int answers(byte[] out) {
    String s = new String(out, StandardCharsets.ISO_8859_1);
    int n = 0;
    for (int i = s.indexOf("HTTP/1."); i >= 0; i = s.indexOf("HTTP/1.", i + 1)) {
      n++;
    }
    return n;
  }

  private static byte[] drain(EmbeddedChannel ch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Object out; (out = ch.readOutbound()) != null; ) {
      if (out instanceof ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        bytes.writeBytes(a);
      }
      ReferenceCountUtil.release(out);
    }
    return bytes.toByteArray();
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
    boolean[] opened = {false};
    List<Throwable> failures = new ArrayList<>();
    StreamServer.Handler handler =
        new StreamServer.Handler() {
          @Override
          public void opened(StreamPeer peer) {
            opened[0] = true;
          }

          @Override
          public void frame(StreamPeer peer, byte[] data, int offset, int length) {
            try { // the peer handler would swallow a throw: kept and checked after the run
              assertThat(length).isBetween(2, MAX + 2);
              assertThat(((data[offset] & 0xFF) << 8 | (data[offset + 1] & 0xFF)) + 2)
                  .isEqualTo(length);
            } catch (AssertionError e) {
              failures.add(e);
            }
            frames[0]++;
            peer.send(data, offset, length);
          }

          @Override
          public void closed(StreamPeer peer, Throwable cause) {
            if (cause != null && !expected(cause)) {
              failures.add(cause);
            }
          }
        };
    Connection ch = new Connection();
    try {
      WebSocketServer.pipeline(ch, web, WebSocketServer.socketConfig(web, limits), tally, handler);
      Recorder recorder = new Recorder();
      ch.pipeline()
          .addBefore(ch.pipeline().context(WebSocketPeerHandler.class).name(), "record", recorder);
      if (upgraded) {
        ch.writeInbound(Unpooled.wrappedBuffer(UPGRADE));
        ch.runPendingTasks();
        assertThat(answers(drain(ch))).isEqualTo(1); // the 101
      }
      ch.writeInbound(Unpooled.wrappedBuffer(bytes));
      ch.runPendingTasks();
      ch.checkException();
      assertThat(recorder.seen).filteredOn(t -> !expected(t)).isEmpty();
      assertThat(failures).isEmpty();
      assertThat(frames[0]).isLessThanOrEqualTo(bytes.length / 6 + 1); // a masked frame is 6+
      byte[] out = drain(ch); // answers and frames; their bytes are Netty's codecs
      if (!opened[0]) { // once upgraded, echoed frames may hold anything
        assertThat(answers(out)).isLessThanOrEqualTo(1);
      }
    } finally {
      ch.finishAndReleaseAll();
    }
  }
}
