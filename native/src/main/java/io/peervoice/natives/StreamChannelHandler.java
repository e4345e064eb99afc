package io.peervoice.natives;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One accepted connection of a {@link StreamServer}: frames in, limits, life cycle. */
final class StreamChannelHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(StreamChannelHandler.class);

  private final StreamServer.Tally tally;
  private final FrameAccumulator frames;
  private final StreamServer.Handler handler;
  private final boolean tls;
  private final long frameTimeoutMillis;
  private io.netty.util.concurrent.ScheduledFuture<?> frameDeadline;
  private StreamPeer peer;
  private Throwable failure;

  StreamChannelHandler(
      StreamServer.Tally tally,
      FrameAccumulator frames,
      StreamServer.Handler handler,
      boolean tls,
      long frameTimeoutMillis) {
    this.tally = tally;
    this.frames = frames;
    this.handler = handler;
    this.tls = tls;
    this.frameTimeoutMillis = frameTimeoutMillis;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (!tls) {
      open(ctx);
    }
    super.channelActive(ctx);
  }

  private void open(ChannelHandlerContext ctx) {
    peer = new StreamPeer(ctx.channel(), tally.framesOut, tally.sendsRefused);
    tally.open.increment();
    armFrameDeadline(ctx); // the first frame is due
    try {
      handler.opened(peer);
    } catch (RuntimeException e) {
      log.warn("stream handler failed on a connection from {}", peer, e);
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        open(ctx);
      } else {
        tally.handshakeFailed.increment();
        log.debug("tls handshake from {} failed: {}", ctx.channel().remoteAddress(), done.cause());
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
    ByteBuf in = (ByteBuf) msg;
    try {
      if (peer == null) {
        return; // nothing is read before the connection is open
      }
      if (!frames.feed(in, this::frame)) {
        tally.corrupt.increment(); // over the size limit, or not framed at all
        ctx.close();
        return;
      }
      if (frames.pending() == 0) {
        cancelFrameDeadline();
      } else if (frameDeadline == null) {
        armFrameDeadline(ctx); // part of a frame: the rest is due
      }
    } finally {
      in.release();
    }
  }

  private void armFrameDeadline(ChannelHandlerContext ctx) {
    frameDeadline =
        ctx.executor()
            .schedule(
                () -> {
                  frameDeadline = null;
                  tally.idleClosed.increment(); // idle on part of a frame
                  log.debug("no whole frame from {} in time", ctx.channel().remoteAddress());
                  ctx.close();
                },
                frameTimeoutMillis,
                TimeUnit.MILLISECONDS);
  }

  private void cancelFrameDeadline() {
    if (frameDeadline != null) {
      frameDeadline.cancel(false);
      frameDeadline = null;
    }
  }

  private void frame(byte[] buf, int offset, int length) {
    cancelFrameDeadline(); // the first frame (or this one) came whole
    tally.framesIn.increment();
    try {
      handler.frame(peer, buf, offset, length);
    } catch (RuntimeException e) {
      log.warn("stream handler failed on a frame from {}", peer, e);
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
    failure = cause;
    log.debug("stream connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelFrameDeadline();
    if (peer != null) {
      tally.open.decrement();
      StreamPeer was = peer;
      try {
        handler.closed(was, failure);
      } catch (RuntimeException e) {
        log.warn("stream handler failed on closing {}", was, e);
      }
    }
    super.channelInactive(ctx);
  }
}
