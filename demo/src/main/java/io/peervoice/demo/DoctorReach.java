package io.peervoice.demo;

import io.peervoice.signaling.NodeStreamProbe;
import io.peervoice.signaling.PeerId;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code peervoice doctor}'s reachability of one rendezvous node over UDP, TCP and TLS, probed at
 * once, and which a call will signal over: UDP when it answers, else TCP, else TLS, the order in
 * which a peer falls back (after a second of UDP silence, {@code docs/protocol.md}, "Streams"). One
 * line per node, e.g. {@code node 192.0.2.7:7400: UDP no answer, TCP ok (12.0 ms), TLS ok (30.2 ms,
 * TLSv1.3) -> calls will signal over TCP}. OK when UDP answers, WARN when only a stream does (calls
 * work, a second slower to start), FAIL when nothing does. The bootstrap check of a node that only
 * a stream reaches is a WARN too, so that the exit code says whether calls can work.
 */
final class DoctorReach {
  private DoctorReach() {}

  /** The checks of {@code nodes}: for each, its {@code bootstrap} (UDP) and {@code node} lines. */
  static List<DoctorCheck> nodes(
      List<InetSocketAddress> nodes,
      int tcpPort,
      int tlsPort,
      KeyStore trust,
      PeerId pin,
      Duration wait) {
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      List<CompletableFuture<List<DoctorCheck>>> all =
          nodes.stream()
              .map(
                  n ->
                      CompletableFuture.supplyAsync(
                          () -> node(n, tcpPort, tlsPort, trust, pin, wait, pool), pool))
              .toList();
      return all.stream().flatMap(f -> f.join().stream()).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<DoctorCheck> node(
      InetSocketAddress node,
      int tcpPort,
      int tlsPort,
      KeyStore trust,
      PeerId pin,
      Duration wait,
      ExecutorService pool) {
    CompletableFuture<DoctorCheck> udp =
        CompletableFuture.supplyAsync(() -> DoctorChecks.node(node, wait), pool);
    int tcp = tcpPort < 0 ? node.getPort() : tcpPort;
    CompletableFuture<NodeStreamProbe> overTcp = stream(node, tcp, false, trust, wait, pool);
    CompletableFuture<NodeStreamProbe> overTls = stream(node, tlsPort, true, trust, wait, pool);
    DoctorCheck bootstrap = udp.join();
    Object udpId = bootstrap.data().get("node_id");
    if (pin != null && udpId != null && !pin.toString().equals(udpId.toString())) {
      return wrongNode(node, bootstrap, udpId, pin); // another node answers there: nothing else
    }
    Object known = pin != null ? pin : udpId;
    NodeStreamProbe t = sameNode(overTcp.join(), known);
    NodeStreamProbe s = sameNode(overTls.join(), known);
    boolean udpOk = bootstrap.verdict() != DoctorCheck.Verdict.FAIL;
    boolean tcpOk = t != null && t.answered();
    boolean tlsOk = s != null && s.answered();
    String over = udpOk ? "udp" : tcpOk ? "tcp" : tlsOk ? "tls" : "none";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("udp", udpOk ? "ok" : "no answer");
    if (udpOk) {
      data.put("udp_rtt_ms", bootstrap.data().get("rtt_ms"));
      data.put("node_id", bootstrap.data().get("node_id"));
    }
    put(data, "tcp", t, tcp);
    put(data, "tls", s, tlsPort);
    String pinned = pinnedBy(pin, udpId);
    boolean firstUse = tlsOk && s.selfSigned() && pinned.equals("none");
    if (tlsOk && s.selfSigned()) {
      data.put("tls_pinned_by", pinned);
    }
    data.put("signals_over", over);
    String detail =
        "UDP "
            + (udpOk
                ? String.format(Locale.ROOT, "ok (%.1f ms)", bootstrap.data().get("rtt_ms"))
                : "no answer")
            + ", TCP "
            + words(t)
            + ", TLS "
            + tlsWords(s, pinned)
            + " -> "
            + (over.equals("none")
                ? "calls cannot reach this node"
                : "calls will signal over " + over.toUpperCase(Locale.ROOT));
    String name = "node " + HostPort.format(node);
    DoctorCheck line;
    if (udpOk) {
      line = new DoctorCheck(name, DoctorCheck.Verdict.OK, detail, "", data);
    } else if (!over.equals("none")) {
      line =
          new DoctorCheck(
              name,
              DoctorCheck.Verdict.WARN,
              detail,
              "UDP to the node is blocked here: calls fall back to "
                  + over.toUpperCase(Locale.ROOT)
                  + " after a second of silence; open UDP to it for faster call set-up"
                  + (firstUse
                      ? "; its TLS certificate was trusted on first use (no node id known here):"
                          + " check the id with the node's operator and pin it with --node-id "
                          + s.nodeId().map(Object::toString).orElse("ID")
                      : ""),
              data);
      bootstrap =
          new DoctorCheck(
              bootstrap.name(),
              DoctorCheck.Verdict.WARN,
              bootstrap.detail() + " over UDP; reached over " + over.toUpperCase(Locale.ROOT),
              bootstrap.hint(),
              bootstrap.data());
    } else {
      line =
          new DoctorCheck(
              name,
              DoctorCheck.Verdict.FAIL,
              detail,
              "check the address, that the node runs, and that UDP, or TCP to its --tcp-port or"
                  + " TLS to its --tls-port, is open from here",
              data);
    }
    return List.of(bootstrap, line);
  }

  /**
   * S8 review: the node at {@code node} proved {@code udpId} over UDP, not the {@code --node-id}:
   * both lines fail (whatever its streams say, it is not the node named), and the node line says
   * UDP answered with another id instead of "no answer".
   */
  private static List<DoctorCheck> wrongNode(
      InetSocketAddress node, DoctorCheck bootstrap, Object udpId, PeerId pin) {
    String why = "the node there proves " + udpId + ", not the --node-id " + pin;
    String hint = "check --node-id and the address with the node's operator";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("udp", "wrong node id");
    data.put("udp_rtt_ms", bootstrap.data().get("rtt_ms"));
    data.put("node_id", udpId);
    data.put("signals_over", "none");
    return List.of(
        new DoctorCheck(
            bootstrap.name(),
            DoctorCheck.Verdict.FAIL,
            bootstrap.detail() + "; " + why,
            hint,
            bootstrap.data()),
        new DoctorCheck(
            "node " + HostPort.format(node),
            DoctorCheck.Verdict.FAIL,
            String.format(
                Locale.ROOT,
                "UDP ok (%.1f ms) but %s -> calls cannot use it",
                data.get("udp_rtt_ms"),
                why),
            hint,
            data));
  }

  /**
   * {@code p}, failed if the id it proved is not {@code known}: the {@code --node-id} given, else
   * the id the node proved over UDP (someone else answers on the stream port). A self-signed
   * certificate is checked as a peer attaching over TLS checks it ({@code StreamRace}, {@code
   * NodePinning}): its Ed25519 key must give the id the node proves over that stream ({@code
   * NodeStreamPing} refuses a PONG from another key), and that id must be {@code known}. With no id
   * known (no {@code --node-id}, UDP blocked) nothing pins it: any key that proves itself passes,
   * trust on first use, which the line says ({@link #tlsWords}). {@code --ca-file} is for CA-signed
   * certificates and changes nothing here.
   */
  static NodeStreamProbe sameNode(NodeStreamProbe p, Object known) {
    if (p == null || !p.answered()) {
      return p;
    }
    String streamId = p.nodeId().map(Object::toString).orElse(null);
    if (known != null && !known.toString().equals(streamId)) {
      return p.failedAt("node id proof", "it proves node " + streamId + ", not " + known);
    }
    return p;
  }

  /**
   * What pins a self-signed node certificate: {@code node_id} ({@code --node-id}), {@code udp} (the
   * id the node proved over UDP), or {@code none} (trusted on first use).
   */
  static String pinnedBy(PeerId pin, Object udpId) {
    return pin != null ? "node_id" : udpId != null ? "udp" : "none";
  }

  private static CompletableFuture<NodeStreamProbe> stream(
      InetSocketAddress node,
      int port,
      boolean tls,
      KeyStore trust,
      Duration wait,
      ExecutorService pool) {
    if (port == 0) {
      return CompletableFuture.completedFuture(null);
    }
    InetSocketAddress at; // keeps the name the node was given by, for SNI and the certificate
    try {
      at =
          new InetSocketAddress(
              java.net.InetAddress.getByAddress(
                  node.getHostString(), node.getAddress().getAddress()),
              port);
    } catch (java.net.UnknownHostException e) {
      at = new InetSocketAddress(node.getAddress(), port);
    }
    InetSocketAddress target = at;
    return CompletableFuture.supplyAsync(
        () -> NodeStreamProbe.probe(target, tls, trust, wait), pool);
  }

  /**
   * {@link #words}, and for a self-signed certificate not pinned by UDP which node it proved and
   * what pinned it: {@code ok (30.2 ms, TLSv1.3, self-signed for node ID, pinned by --node-id)} or
   * {@code ok (30.2 ms, TLSv1.3, self-signed for node ID, unpinned: trusted on first use)}.
   */
  static String tlsWords(NodeStreamProbe s, String pinned) {
    String w = words(s);
    if (s == null || !s.answered() || !s.selfSigned() || pinned.equals("udp")) {
      return w;
    }
    return w.substring(0, w.length() - 1)
        + ", self-signed for node "
        + s.nodeId().map(Object::toString).orElse("?")
        + (pinned.equals("node_id")
            ? ", pinned by --node-id)"
            : ", unpinned: trusted on first use)");
  }

  /** {@code ok (12.0 ms)}, {@code ok (30.2 ms, TLSv1.3)}, {@code refused}, {@code not checked}. */
  static String words(NodeStreamProbe p) {
    if (p == null) {
      return "not checked";
    }
    if (!p.answered()) {
      String step = p.failedStep().orElseThrow();
      String why = p.failure().orElse("failed");
      return step.equals("connect") ? why : step + " failed: " + why;
    }
    return String.format(Locale.ROOT, "ok (%.1f ms", p.roundTripMicros() / 1000.0)
        + p.tlsProtocol().map(v -> ", " + v).orElse("")
        + ")";
  }

  private static void put(Map<String, Object> data, String key, NodeStreamProbe p, int port) {
    data.put(key + "_port", port);
    if (p == null) {
      data.put(key, "not checked");
      return;
    }
    data.put(key, p.answered() ? "ok" : words(p));
    if (p.answered()) {
      data.put(key + "_rtt_ms", p.roundTripMicros() / 1000.0);
      data.put(key + "_connect_ms", p.connectMicros() / 1000.0);
      p.nodeId().ifPresent(id -> data.putIfAbsent("node_id", id.toString()));
      p.tlsProtocol().ifPresent(v -> data.put("tls_protocol", v));
      if (p.tls()) {
        data.put("tls_certificate", p.selfSigned() ? "self-signed" : "ca-signed");
      }
    }
  }
}
