package io.peervoice.natives;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded WebSocket connection of a {@link WebSocketServer}: each binary message is handed to
 * the {@link StreamServer.Handler} as one frame with a 16-bit length prefix (<a
 * href="https://www.rfc-editor.org/rfc/rfc4571#section-2">RFC 4571</a>), and every frame sent
 * through its {@link StreamPeer} loses that prefix and leaves as one binary message. So a handler
 * written for length-prefixed streams serves WebSocket peers unchanged. Text messages close the
 * connection (1003).
 */
final class WebSocketPeerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WebSocketPeerHandler.class);

  /** The name of the encoder added at the upgrade: present once a connection is a socket. */
  static final String UNPREFIX = "ws-unprefix";

  private final StreamServer.Tally tally;
  private final StreamServer.Handler handler;
  private final byte[] frame;
  private StreamPeer peer;
  private Throwable failure;

  WebSocketPeerHandler(StreamServer.Tally tally, StreamServer.Handler handler, int maxMessage) {
    this.tally = tally;
    this.handler = handler;
    this.frame = new byte[maxMessage + 2];
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      long idle = tally.limits.idleTimeout().toMillis();
      ctx.pipeline()
          .replace(
              WebSocketServer.IDLE,
              "ws-idle",
              new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
      ctx.pipeline().addLast(UNPREFIX, new Unprefix());
      peer = new StreamPeer(ctx.channel(), tally.framesOut, tally.sendsRefused);
      tally.open.increment();
      try {
        handler.opened(peer);
      } catch (RuntimeException e) {
        log.warn("websocket handler failed on a connection from {}", peer, e);
        ctx.close();
      }
    } else if (event instanceof IdleStateEvent) {
      tally.idleClosed.increment();
      ctx.close();
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame ws)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (peer == null) {
        return;
      }
      if (!(ws instanceof BinaryWebSocketFrame)) {
        tally.corrupt.increment();
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE))
            .addListener(f -> ctx.close());
        return;
      }
      ByteBuf content = ws.content();
      int n = content.readableBytes();
      if (n + 2 > frame.length) {
        tally.corrupt.increment(); // the aggregator's cap is the same: not reached
        ctx.close();
        return;
      }
      frame[0] = (byte) (n >>> 8);
      frame[1] = (byte) n;
      content.getBytes(content.readerIndex(), frame, 2, n);
      tally.framesIn.increment();
      try {
        handler.frame(peer, frame, 0, n + 2);
      } catch (RuntimeException e) {
        log.warn("websocket handler failed on a message from {}", peer, e);
      }
    } finally {
      ReferenceCountUtil.release(ws);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    // back-pressure: a peer that does not read what we send is not read from either
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException
        || cause instanceof TooLongFrameException) {
      tally.corrupt.increment();
    }
    failure = cause;
    log.debug("web connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (peer != null) {
      tally.open.decrement();
      StreamPeer was = peer;
      peer = null;
      try {
        handler.closed(was, failure);
      } catch (RuntimeException e) {
        log.warn("websocket handler failed on closing {}", was, e);
      }
    }
    super.channelInactive(ctx);
  }

  /** A frame sent through the peer, its 2-byte length prefix dropped, as one binary message. */
  private static final class Unprefix extends MessageToMessageEncoder<ByteBuf> {
    Unprefix() {
      super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
      if (msg.readableBytes() < 2) {
        return; // not a frame: nothing to send
      }
      out.add(
          new BinaryWebSocketFrame(
              msg.retainedSlice(msg.readerIndex() + 2, msg.readableBytes() - 2)));
    }
  }
}
