package io.peervoice.signaling;

import io.peervoice.natives.HttpEndpoint;
import io.peervoice.natives.StreamCounters;
import io.peervoice.natives.StreamLimits;
import io.peervoice.natives.StreamServer;
import io.peervoice.natives.TlsServerSettings;
import io.peervoice.natives.UdpEndpoint;
import io.peervoice.natives.WebSocketServer;
import io.peervoice.signaling.internal.overlay.Env;
import io.peervoice.signaling.internal.overlay.LoopEnv;
import io.peervoice.signaling.internal.overlay.NodeCounters;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.overlay.NodeMetrics;
import io.peervoice.signaling.internal.overlay.NodeSettings;
import io.peervoice.signaling.internal.overlay.NodeStreams;
import io.peervoice.signaling.internal.overlay.OverlayNode;
import io.peervoice.signaling.internal.web.WebBundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rendezvous node: one UDP port on a Netty event loop (epoll with batched receive when available)
 * that answers STUN Binding requests and the overlay protocol ({@code docs/protocol.md}): Kademlia
 * among nodes, attachments, location records and message routing for peers. Optionally serves
 * {@code /metrics} and {@code /health} over HTTP.
 */
public final class RendezvousNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RendezvousNode.class);

  private final UdpEndpoint endpoint;
  private final OverlayNode logic;
  private final NodeCounters counters;
  private final NodeMetrics metrics;
  private final HttpEndpoint http;
  private final NodeStreams streams;
  private StreamServer tcp;
  private StreamServer tls;

  private RendezvousNode(
      UdpEndpoint endpoint,
      OverlayNode logic,
      NodeCounters counters,
      NodeMetrics metrics,
      HttpEndpoint http,
      NodeStreams streams) {
    this.endpoint = endpoint;
    this.logic = logic;
    this.counters = counters;
    this.metrics = metrics;
    this.http = http;
    this.streams = streams;
  }

  /**
   * Binds, joins the overlay through the bootstrap nodes (in the background) and starts serving.
   *
   * @throws IOException if the UDP or metrics address cannot be bound
   */
  public static RendezvousNode start(RendezvousNodeConfig config) throws IOException {
    NodeCounters counters = new NodeCounters();
    OverlayNode[] holder = new OverlayNode[1];
    NodeStreams streams = new NodeStreams();
    UdpEndpoint endpoint =
        UdpEndpoint.bind(
            config.listen(),
            (from, data) -> {
              OverlayNode n = holder[0];
              if (n != null && !streams.shadows(from)) {
                n.received(from, data);
              }
            },
            "peervoice-node");
    NodeSettings settings =
        NodeSettings.defaults()
            .withRate(config.ratePerSource(), config.ratePerSource() * 2)
            .withMaxRecords(config.maxRecords())
            .withMaxPerSubnet(config.maxPerSubnet())
            .withNodeIdWork(config.nodeIdWork())
            .toBuilder()
            .maxAttachments(config.maxAttachments())
            .build();
    settings = settings.toBuilder().notes(config.notes().applyTo(settings.notes())).build();
    settings =
        settings.withGuards(
            settings.guards().withPerIp(config.perIpQuota(), config.signaturesPerIp()));
    if (config.identity().peerId().nodeIdWork() < config.nodeIdWork()) {
      log.warn(
          "node id {} carries {} bits of work, the overlay asks for {}: other nodes will refuse"
              + " it (create the identity with Identity.generateNode)",
          config.identity().peerId(),
          config.identity().peerId().nodeIdWork(),
          config.nodeIdWork());
    }
    Env env = streams.env(new LoopEnv(endpoint, config.nanoClock(), config.wallClock()));
    OverlayNode logic =
        new OverlayNode(
            config.identity(),
            settings,
            env,
            counters,
            new SecureRandom().nextLong(),
            new SecureRandom());
    String transport = endpoint.transport().kind().name().toLowerCase(java.util.Locale.ROOT);
    NodeMetrics metrics = new NodeMetrics(counters, logic.id().toString(), transport);
    try {
      endpoint
          .loop()
          .submit(
              () -> {
                holder[0] = logic;
                streams.serve(logic);
              })
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      endpoint.close();
      throw new IOException("node failed to start: " + e, e);
    }
    endpoint.loop().scheduleWithFixedDelay(() -> metrics.sample(logic), 0, 1, TimeUnit.SECONDS);
    endpoint
        .transport()
        .epollUnavailableReason()
        .ifPresent(why -> log.info("epoll unavailable ({}); using NIO", why));
    HttpEndpoint http = null;
    if (config.metrics().isPresent()) {
      try {
        http =
            HttpEndpoint.start(
                config.metrics().get(),
                Map.of(
                    "/metrics",
                    () ->
                        new HttpEndpoint.Response(
                            200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()),
                    "/health",
                    () ->
                        new HttpEndpoint.Response(
                            200,
                            "application/json",
                            "{\"status\":\"up\",\"id\":\""
                                + logic.id()
                                + "\",\"transport\":\""
                                + transport
                                + "\",\"routing_table\":"
                                + metrics.routingTable()
                                + "}\n")));
      } catch (IOException e) {
        endpoint.close();
        throw e;
      }
    }
    RendezvousNode node = new RendezvousNode(endpoint, logic, counters, metrics, http, streams);
    try {
      node.listenStreams(config);
    } catch (IOException e) {
      node.close();
      throw e;
    }
    int tcpPort = node.tcp == null ? 0 : node.tcp.localAddress().getPort();
    int tlsPort = // a CA-signed certificate cannot be pinned by node id: not named
        node.tls == null || config.tlsCertificate().isPresent()
            ? 0
            : node.tls.localAddress().getPort();
    try { // joins once its stream ports are known: its first PONGs name them
      endpoint
          .loop()
          .submit(
              () -> {
                logic.streamPorts(tcpPort, tlsPort);
                logic.start(config.bootstrap());
              })
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      node.close();
      throw new IOException("node failed to start: " + e, e);
    }
    log.info("node {} on {} ({})", logic.id(), endpoint.localAddress(), transport);
    return node;
  }

  private void listenStreams(RendezvousNodeConfig config) throws IOException {
    if (config.tcp().isPresent()) {
      tcp =
          endpoint.serveStreams(
              config.tcp().get(), null, NodeStreams.FRAMING, config.streamLimits(), streams);
      metrics.streams("tcp", tcp);
      log.info("node {} also on TCP {}", logic.id(), tcp.localAddress());
    }
    if (config.tls().isPresent()) {
      TlsServerSettings settings = NodeTls.settings(config, logic.id());
      tls =
          endpoint.serveStreams(
              config.tls().get(), settings, NodeStreams.FRAMING, config.streamLimits(), streams);
      metrics.streams("tls", tls);
      log.info("node {} also on TLS {}", logic.id(), tls.localAddress());
    }
  }

  // S5 web
  private volatile WebSocketServer web;

  /** As {@link #serveWeb(InetSocketAddress, Set, StreamLimits, TlsServerSettings, List)}, http. */
  public InetSocketAddress serveWeb(
      InetSocketAddress listen, Set<String> origins, StreamLimits limits) throws IOException {
    return serveWeb(listen, origins, limits, null, List.of());
  }

  /**
   * Serves browsers on {@code listen} (TCP), on the node's loop thread: the bundled web client at
   * {@code /}, {@code /node.json}, and at {@code /ws} a WebSocket (<a
   * href="https://www.rfc-editor.org/rfc/rfc6455">RFC 6455</a>) carrying overlay messages, one per
   * datagram, under the TCP streams' rules ({@code docs/webrtc.md}). Call once.
   *
   * @param origins the {@code Origin} values allowed to open the WebSocket; empty: any
   * @param limits connections in total and per IP, back-pressure, idle and request timeouts
   * @param tls null, or https and wss on the port (browsers allow the microphone off localhost)
   * @param iceServers S7 webmedia: named in {@code /node.json} for the page's RTCPeerConnection
   * @return the bound address
   * @throws IOException if the address cannot be bound
   */
  public synchronized InetSocketAddress serveWeb(
      InetSocketAddress listen,
      Set<String> origins,
      StreamLimits limits,
      TlsServerSettings tls,
      List<WebIceServer> iceServers)
      throws IOException {
    if (web != null) {
      throw new IllegalStateException("the node already serves browsers on " + web.localAddress());
    }
    WebBundle.NodeFacts facts =
        WebBundle.facts(
            id().toString(),
            address(),
            tcpAddress().map(InetSocketAddress::getPort).orElse(0),
            tlsAddress().map(InetSocketAddress::getPort).orElse(0));
    web =
        endpoint.serveWebSockets(
            listen,
            WebBundle.settings(facts, origins, List.copyOf(iceServers)),
            limits,
            streams,
            tls);
    metrics.streams("ws", web);
    String scheme = tls == null ? "http" : "https";
    log.info("node {} also serves browsers on {}://{}/", logic.id(), scheme, web.localAddress());
    return web.localAddress();
  }

  /** The counters of the browsers' endpoint, if {@link #serveWeb} was called. */
  public Optional<StreamCounters> webCounters() {
    return Optional.ofNullable(web).map(WebSocketServer::counters);
  }

  /** The bound TCP address, if the node listens on TCP. */
  public Optional<InetSocketAddress> tcpAddress() {
    return Optional.ofNullable(tcp).map(StreamServer::localAddress);
  }

  /** The bound TLS address, if the node listens on TLS. */
  public Optional<InetSocketAddress> tlsAddress() {
    return Optional.ofNullable(tls).map(StreamServer::localAddress);
  }

  /** The TCP listener's counters (connections, refusals, frames), if it listens. */
  public Optional<StreamCounters> tcpCounters() {
    return Optional.ofNullable(tcp).map(StreamServer::counters);
  }

  /** The TLS listener's counters, if it listens. */
  public Optional<StreamCounters> tlsCounters() {
    return Optional.ofNullable(tls).map(StreamServer::counters);
  }

  public PeerId id() {
    return logic.id();
  }

  /** The bound UDP address. */
  public InetSocketAddress address() {
    return endpoint.localAddress();
  }

  /** {@code "epoll"} or {@code "nio"}. */
  public String transport() {
    return endpoint.transport().kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Where metrics are served, if they are. */
  public Optional<InetSocketAddress> metricsAddress() {
    return Optional.ofNullable(http).map(HttpEndpoint::localAddress);
  }

  /** A snapshot; table sizes are at most a second old. */
  public NodeStats stats() {
    return new NodeStats(
        counters.get(Event.RECEIVED),
        counters.get(Event.MALFORMED),
        counters.get(Event.RATE_LIMITED),
        counters.get(Event.STUN_BINDING),
        counters.get(Event.ROUTED),
        counters.get(Event.DELIVERED),
        counters.get(Event.DELIVERY_FAILED),
        metrics.routingTable(),
        metrics.records(),
        metrics.attachments());
  }

  /**
   * Every counter by name ({@code received}, {@code bytes_received}, {@code bytes_sent}, {@code
   * cookie_sent}, {@code amplification_dropped}, {@code proven}, {@code signed}, ...), as in {@code
   * /metrics} without the prefix. For benchmarks that count what a node answers.
   */
  public Map<String, Long> counts() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (Event e : Event.values()) {
      out.put(e.name().toLowerCase(java.util.Locale.ROOT), counters.get(e));
    }
    return out;
  }

  @Override
  public void close() {
    endpoint.loop().execute(logic::close);
    if (tcp != null) {
      tcp.close();
    }
    if (tls != null) {
      tls.close();
    }
    if (web != null) {
      web.close(); // S5 web
    }
    if (http != null) {
      http.close();
    }
    endpoint.close();
  }
}
