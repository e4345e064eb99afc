package io.peervoice.natives;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small HTTP/1.1 server for health and metrics: GET only, fixed routes, bodies produced on
 * demand. Requests over 8 KiB or idle for 10 s are dropped.
 */
public final class HttpEndpoint implements AutoCloseable {

  /** A response body with its media type. */
  public record Response(int status, String contentType, String body) {}

  private final MultiThreadIoEventLoopGroup group;
  private final Channel channel;

  private HttpEndpoint(MultiThreadIoEventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Serves {@code routes} (path to response) on {@code local}.
   *
   * @throws IOException if the address cannot be bound
   */
  public static HttpEndpoint start(InetSocketAddress local, Map<String, Supplier<Response>> routes)
      throws IOException {
    boolean epoll = NativeTransport.detect().kind() == NativeTransport.Kind.EPOLL;
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("peervoice-http", true), factory);
    Map<String, Supplier<Response>> fixed = Map.copyOf(routes);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new ReadTimeoutHandler(10))
                        .addLast(new HttpServerCodec(4096, 8192, 8192))
                        .addLast(new HttpObjectAggregator(8192))
                        .addLast(new Router(fixed));
                  }
                });
    try {
      return new HttpEndpoint(group, bootstrap.bind(local).sync().channel());
    } catch (Exception e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot listen for HTTP on " + local + ": " + e.getMessage(), e);
    }
  }

  private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Map<String, Supplier<Response>> routes;

    Router(Map<String, Supplier<Response>> routes) {
      this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      Response response;
      Supplier<Response> route = routes.get(new QueryStringDecoder(request.uri()).path());
      if (!request.method().equals(HttpMethod.GET)) {
        response = new Response(405, "text/plain", "GET only\n");
      } else if (route == null) {
        response = new Response(404, "text/plain", "not found\n");
      } else {
        try {
          response = route.get();
        } catch (RuntimeException e) {
          response = new Response(500, "text/plain", e.toString() + "\n");
        }
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      FullHttpResponse out =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(response.status()),
              Unpooled.wrappedBuffer(body));
      out.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, response.contentType())
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
          .set(HttpHeaderNames.CONNECTION, "close");
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
