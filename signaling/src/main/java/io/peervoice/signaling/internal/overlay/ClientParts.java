package io.peervoice.signaling.internal.overlay;

import io.peervoice.natives.UdpEndpoint;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.StreamRoute;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
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
   * Binds {@code local} (while {@code identity} is still being made or loaded, if it is not done)
   * and starts attaching through {@code bootstrap}, pinging each node every {@code
   * keepaliveMillis}, reaching the nodes of {@code streamRoutes} over TCP or TLS when UDP stays
   * silent, and dropping datagrams to where {@code udpDropped} says (tests).
   */
  public static ClientParts start(
      CompletionStage<Identity> identity,
      List<InetSocketAddress> bootstrap,
      InetSocketAddress local,
      long keepaliveMillis,
      List<StreamRoute> streamRoutes,
      Predicate<InetSocketAddress> udpDropped,
      StreamTiming timing)
      throws IOException {
    ClientCore[] holder = new ClientCore[1];
    ClientStreams[] streamsHolder = new ClientStreams[1];
    boolean[] heard = {false}; // on the loop thread only
    UdpEndpoint endpoint =
        UdpEndpoint.bind(
            local,
            (from, data) -> {
              ClientCore c = holder[0];
              if (c != null) {
                heard[0] = true;
                streamsHolder[0].heardOverUdp(from);
                c.received(from, data);
              }
            },
            "peervoice-overlay");
    Identity me = await(identity, endpoint); // made or loaded meanwhile, if the caller so chose
    SecureRandom random = new SecureRandom();
    LoopEnv env = new LoopEnv(endpoint, System::nanoTime, System::currentTimeMillis);
    ClientStreams streams = new ClientStreams(env, endpoint, streamRoutes, timing, udpDropped);
    endpoint.onSendFailure(streams::udpSendFailed);
    streams.onDialling(StreamWarmUp::dialling); // the warm-up gives way to a real dial
    ClientCore core =
        new ClientCore(
            me,
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
              // only if no node answered over UDP soon after the first HELLO left, so that it
              // overlaps the rest of UDP's head start: a phone whose UDP works never pays its CPU
              // and memory (a listen's start-up and resident size); started before the bind,
              // it delayed the first HELLO by 0.2-0.6 s (class loading on 2 cores)
              StreamWarmUp.afterSilence(env, () -> heard[0], streamRoutes);
            });
    return new ClientParts(endpoint, core, streams);
  }

  /** The identity, once had; the bound endpoint is closed if it cannot be had. */
  private static Identity await(CompletionStage<Identity> identity, UdpEndpoint endpoint)
      throws IOException {
    try {
      return identity.toCompletableFuture().get();
    } catch (InterruptedException e) {
      endpoint.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the identity was being made", e);
    } catch (ExecutionException | RuntimeException e) {
      endpoint.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException("no identity for the overlay client: " + cause, cause);
    }
  }
}
