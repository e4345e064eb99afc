package io.peervoice.signaling.internal.overlay;

import io.peervoice.natives.UdpEndpoint;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.StreamRoute;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a started overlay client ({@code OverlayClient}'s start-up): its UDP socket and
 * event loop, its way to the nodes over UDP or streams ({@link ClientStreams}) and its logic
 * ({@link ClientCore}), wired so that datagrams reach the core only once it has started, on the
 * loop thread.
 */
public record ClientParts(UdpEndpoint endpoint, ClientCore core, ClientStreams streams) {
  private static final Logger log = LoggerFactory.getLogger(ClientParts.class);

  /**
   * Binds {@code local} and starts attaching through {@code bootstrap}, pinging each node every
   * {@code keepaliveMillis}, reaching the nodes of {@code streamRoutes} over TCP or TLS when UDP
   * stays silent, and dropping datagrams to where {@code udpDropped} says (tests).
   */
  public static ClientParts start(
      Identity identity,
      List<InetSocketAddress> bootstrap,
      InetSocketAddress local,
      long keepaliveMillis,
      List<StreamRoute> streamRoutes,
      Predicate<InetSocketAddress> udpDropped,
      StreamTiming timing)
      throws IOException {
    ClientCore[] holder = new ClientCore[1];
    ClientStreams[] streamsHolder = new ClientStreams[1];
    UdpEndpoint endpoint =
        UdpEndpoint.bind(
            local,
            (from, data) -> {
              ClientCore c = holder[0];
              if (c != null) {
                streamsHolder[0].heardOverUdp(from);
                c.received(from, data);
              }
            },
            "peervoice-overlay");
    SecureRandom random = new SecureRandom();
    ClientStreams streams =
        new ClientStreams(
            new LoopEnv(endpoint, System::nanoTime, System::currentTimeMillis),
            endpoint,
            streamRoutes,
            timing,
            udpDropped);
    endpoint.onSendFailure(streams::udpSendFailed);
    ClientCore core =
        new ClientCore(
            identity,
            ClientSettings.defaults().withKeepalive(keepaliveMillis),
            streams,
            bootstrap,
            random,
            random.nextLong());
    endpoint
        .loop()
        .execute(
            () -> {
              core.useStreams(streams);
              streamsHolder[0] = streams;
              holder[0] = core;
              log.debug("overlay client starts: first requests to {}", bootstrap);
              core.start();
              // after the first HELLO left, alongside UDP's head start: started before the
              // socket's bind, it delayed the first HELLO by 0.2-0.6 s (class loading on 2 cores)
              StreamWarmUp.start(streamRoutes);
            });
    return new ClientParts(endpoint, core, streams);
  }
}
