package io.peervoice.natives;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Opens {@link StreamConnection}s on a given event loop: TCP connect, then the TLS handshake. */
final class StreamConnector {
  private StreamConnector() {}

  static CompletableFuture<StreamConnection> connect(
      EventLoop loop,
      NativeTransport transport,
      InetSocketAddress remote,
      TlsClientSettings tls,
      StreamFraming framing,
      Duration connectTimeout,
      StreamConnection.Listener listener) {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(listener, "listener");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    NettyDefaults.apply();
    CompletableFuture<StreamConnection> result = new CompletableFuture<>();
    if (remote.isUnresolved()) {
      result.completeExceptionally(
          new java.net.UnknownHostException("cannot resolve " + remote.getHostString()));
      return result;
    }
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    StreamConnection.Inbound inbound = new StreamConnection.Inbound(framing);
    boolean epoll = transport.kind() == NativeTransport.Kind.EPOLL;
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(
                    StreamConnection.HIGH_WATER / 2, StreamConnection.HIGH_WATER))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (tls != null) {
                      SslHandler ssl = new SslHandler(engine(tls, remote));
                      ssl.setHandshakeTimeoutMillis(timeoutMillis);
                      ch.pipeline().addLast(ssl);
                    }
                    ch.pipeline().addLast(inbound);
                  }
                });
    ChannelFuture connected;
    try {
      connected = bootstrap.connect(remote);
    } catch (RuntimeException e) { // loop shut down, bad settings
      result.completeExceptionally(e);
      return result;
    }
    Channel channel = connected.channel();
    StreamConnection connection = new StreamConnection(channel, listener);
    inbound.attach(connection);
    connected.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(
                new java.io.IOException(
                    "cannot connect to " + remote + ": " + f.cause().getMessage(), f.cause()));
            return;
          }
          SslHandler ssl = channel.pipeline().get(SslHandler.class);
          if (ssl == null) {
            open(inbound, connection, result);
            return;
          }
          ssl.handshakeFuture()
              .addListener(
                  h -> {
                    if (!h.isSuccess()) {
                      channel.close();
                      result.completeExceptionally(
                          new javax.net.ssl.SSLException(
                              "TLS handshake with " + remote + " failed: " + h.cause().getMessage(),
                              h.cause()));
                      return;
                    }
                    var session = ssl.engine().getSession();
                    if (!peerAccepted(tls, session.getPeerCertificates())) {
                      channel.close();
                      result.completeExceptionally(
                          new SSLPeerUnverifiedException(
                              "TLS peer " + remote + " failed the certificate check"));
                      return;
                    }
                    connection.tlsProtocol(session.getProtocol());
                    open(inbound, connection, result);
                  });
        });
    return result;
  }

  private static void open(
      StreamConnection.Inbound inbound,
      StreamConnection connection,
      CompletableFuture<StreamConnection> result) {
    if (!connection.isOpen()) { // closed during the set-up: no listener call would follow
      result.completeExceptionally(
          new java.io.IOException("connection closed during set-up by the server"));
      return;
    }
    inbound.opened();
    if (!result.complete(connection)) {
      connection.close(); // the caller gave up (cancelled)
    }
  }

  private static boolean peerAccepted(TlsClientSettings tls, Certificate[] chain) {
    if (tls.peerCheck() == null) {
      return true;
    }
    X509Certificate[] x509 = new X509Certificate[chain.length];
    for (int i = 0; i < chain.length; i++) {
      if (!(chain[i] instanceof X509Certificate c)) {
        return false;
      }
      x509[i] = c;
    }
    return tls.peerCheck().test(x509);
  }

  private static SSLEngine engine(TlsClientSettings tls, InetSocketAddress remote) {
    String name = tls.serverName();
    SSLEngine engine =
        name == null
            ? tls.context().createSSLEngine()
            : tls.context().createSSLEngine(name, remote.getPort());
    engine.setUseClientMode(true);
    SSLParameters params = engine.getSSLParameters();
    params.setProtocols(TlsClientSettings.PROTOCOLS);
    if (name != null) {
      params.setEndpointIdentificationAlgorithm("HTTPS");
      if (!isIpLiteral(name)) {
        params.setServerNames(List.of(new SNIHostName(name)));
      }
    }
    engine.setSSLParameters(params);
    return engine;
  }

  private static boolean isIpLiteral(String name) {
    return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }
}
