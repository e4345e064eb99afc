package io.peervoice.demo;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.StreamRoute;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The NAT lab's overlay check for {@code peervoice lab-peer}: a fresh identity attaches to one
 * rendezvous node, over UDP or, when the lab's network drops UDP, over the node's TCP or TLS port
 * ({@link OverlayClient}'s fallback), and the result says how long it took and over what. The lab's
 * call itself is signalled through files; this shows a peer on that network can reach the overlay.
 */
final class LabAttach {
  /** How long attaching may take before the row fails (the target is 3 s; attach_ms tells). */
  static final Duration LIMIT = Duration.ofSeconds(20);

  private LabAttach() {}

  /**
   * Attaches to {@code node} (TCP and TLS ports 0 for none) and puts {@code attached}, {@code
   * attach_ms}, the same since the process started ({@link #sinceProcessStart}) and {@code
   * node_transport} ({@code udp}, {@code tcp} or {@code tls}), or {@code attach_error}, into {@code
   * result}. Returns the client, which the caller closes when its call is over (so the overlay sees
   * the peer during the call), or null when attaching failed.
   */
  static OverlayClient attach(
      InetSocketAddress node, int tcpPort, int tlsPort, Map<String, Object> result) {
    long started = System.nanoTime();
    long startedAt = System.currentTimeMillis();
    OverlayClient client = null;
    try {
      List<StreamRoute> routes =
          tcpPort == 0 && tlsPort == 0
              ? List.of()
              : List.of(StreamRoute.of(node, tcpPort, tlsPort));
      // the key is made on a thread of its own while the client binds its socket
      CompletableFuture<Identity> identity =
          CompletableFuture.supplyAsync(
              () -> Identity.generate(new SecureRandom()), LabAttach::daemon);
      client =
          OverlayClient.start(
              identity,
              List.of(node),
              new InetSocketAddress(0),
              OverlayClient.DEFAULT_KEEPALIVE,
              routes);
      client.awaitReady(LIMIT);
      long attachedAt = System.currentTimeMillis();
      result.put("attached", true);
      result.put("attach_ms", (System.nanoTime() - started) / 1_000_000);
      sinceProcessStart(startedAt, attachedAt, LaunchTimes.current(), result);
      result.put("node_transport", label(client.transportTo(node)));
      return client;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      result.put("attached", false);
      result.put("attach_error", String.valueOf(e.getMessage()));
      if (client != null) {
        client.close();
      }
      return null;
    }
  }

  /**
   * Puts when the attach began and when it was done, in ms after the process started ({@code
   * process_to_attach_start_ms}, {@code process_to_attached_ms}): the target is an attach within 3
   * s of a peer's start, and {@code attach_ms} leaves out the JVM's start-up before the attach.
   */
  static void sinceProcessStart(
      long startedAt, long attachedAt, LaunchTimes launch, Map<String, Object> result) {
    result.put("process_to_attach_start_ms", startedAt - launch.processStartEpochMillis());
    result.put("process_to_attached_ms", attachedAt - launch.processStartEpochMillis());
  }

  private static void daemon(Runnable task) {
    Thread t = new Thread(task, "lab-peer-identity");
    t.setDaemon(true);
    t.start();
  }

  /** {@code udp}, {@code tcp}, or {@code tls} for any TLS version. */
  static String label(String transport) {
    String t = transport.toLowerCase(Locale.ROOT);
    return t.startsWith("tls") ? "tls" : t;
  }
}
