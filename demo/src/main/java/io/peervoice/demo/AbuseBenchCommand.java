package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAbuse;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench abuse}: the attacks of issue 10 against a real node process on loopback,
 * with what the node gives away to sources that never proved their address.
 */
@Command(
    name = "abuse",
    mixinStandardHelpOptions = true,
    description =
        "Attack a rendezvous node process on loopback: bytes out per byte in for every request"
            + " from an unproven source, replies to a many-port flood from one IP, and STUN and"
            + " lookup round trips while one source floods PINGs that ask for signatures; then a"
            + " stranger floods a listening phone with invites while one of its contacts calls.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench abuse --json abuse.json",
      "  peervoice bench abuse --ports 5 --flood 2000 --pings 10000 --invites 10"
    })
final class AbuseBenchCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--ports",
      defaultValue = "20",
      description = "Source ports of the one-IP flood (default ${DEFAULT-VALUE}).")
  int ports;

  @Option(
      names = "--flood",
      defaultValue = "20000",
      description = "Datagrams in the one-IP flood (default ${DEFAULT-VALUE}).")
  int flood;

  @Option(
      names = "--pings",
      defaultValue = "100000",
      description = "PINGs with nonces in the signature flood (default ${DEFAULT-VALUE}).")
  int pings;

  @Option(
      names = "--invites",
      defaultValue = "50",
      description =
          "Invites a stranger sends a listening phone, at 50 a second (default ${DEFAULT-VALUE}).")
  int invites;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (ports < 1 || flood < 1 || pings < 1 || invites < 1) {
      spec.commandLine()
          .getErr()
          .println("peervoice bench abuse: --ports, --flood, --pings and --invites must be >= 1");
      return 2;
    }
    Map<String, Object> report = new LinkedHashMap<>();
    try (NodeChild node = NodeChild.start(List.of(), 20_000)) {
      PeerId nodeId = node.id();
      InetSocketAddress address = node.address();
      out.printf("node %s at %s (pid %d)%n", nodeId, node.hostPort(), node.process().pid());
      LocationRecord planted = plant(address);
      out.printf("planted a record of peer %s%n", planted.peer());
      report.put("amplification", amplification(out, address, nodeId, planted));
      report.put("port_flood", portFlood(out, address));
      // a node that has just started runs its PING path in the interpreter: measure that once,
      // then again as a running node meets a flood (both are reported)
      report.put("signature_flood_cold", signatureFlood(out, "cold node", address, node.process()));
      report.put("signature_flood", signatureFlood(out, "running node", address, node.process()));
      report.put("phone_flood", phoneFlood(out, address));
    }
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), report);
    }
    return 0;
  }

  /** A real peer attaches and publishes, so FIND_RECORD has a record to amplify with. */
  private static LocationRecord plant(InetSocketAddress node) throws Exception {
    Identity peer = Identity.generate(new SecureRandom());
    try (OverlayClient client =
        OverlayClient.start(
            peer,
            List.of(node),
            new InetSocketAddress(node.getAddress(), 0),
            OverlayClient.DEFAULT_KEEPALIVE)) {
      client.awaitReady(Duration.ofSeconds(10));
      return client.lookup(peer.peerId()).get(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Object> amplification(
      PrintWriter out, InetSocketAddress node, PeerId nodeId, LocationRecord planted)
      throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    double overlayMax = 0;
    double stun = 0;
    out.println("request         bytes_in  bytes_out  replies  ratio");
    for (NodeAbuse.Amplification a : NodeAbuse.amplification(node, nodeId, planted)) {
      out.printf(
          "%-15s %8d  %9d  %7d  %5.2f%n",
          a.request(), a.bytesIn(), a.bytesOut(), a.replies(), a.ratio());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("request", a.request());
      row.put("bytes_in", a.bytesIn());
      row.put("bytes_out", a.bytesOut());
      row.put("replies", a.replies());
      row.put("ratio", round(a.ratio()));
      rows.add(row);
      if (a.request().startsWith("stun")) {
        stun = Math.max(stun, a.ratio());
      } else {
        overlayMax = Math.max(overlayMax, a.ratio());
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("max_overlay_ratio", round(overlayMax));
    m.put("stun_ratio", round(stun));
    return m;
  }

  private Map<String, Object> portFlood(PrintWriter out, InetSocketAddress node) throws Exception {
    NodeAbuse.PortFlood f = NodeAbuse.portFlood(node, ports, flood);
    out.printf(
        "one-IP flood of %d HELLOs: %d replies from 1 port, %d from %d ports%n",
        f.datagrams(), f.repliesOnePort(), f.repliesManyPorts(), f.ports());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ports", f.ports());
    m.put("datagrams", f.datagrams());
    m.put("replies_one_port", f.repliesOnePort());
    m.put("replies_many_ports", f.repliesManyPorts());
    return m;
  }

  private Map<String, Object> signatureFlood(
      PrintWriter out, String which, InetSocketAddress node, ChildProcess process)
      throws Exception {
    long cpuBefore = process.cpuMillis();
    NodeAbuse.SignatureFlood s = NodeAbuse.signatureFlood(node, pings, Duration.ofMillis(10));
    long cpu = process.cpuMillis() - cpuBefore;
    out.printf(
        "signature flood (%s): %d PINGs with nonces in %.2f s, %d signed; node CPU %d ms;"
            + " bystander probes %d/%d answered, p50 %.2f ms, p99 %.2f ms%n",
        which,
        s.sent(),
        s.seconds(),
        s.signed(),
        cpu,
        s.probesAnswered(),
        s.probesSent(),
        s.probeP50Millis(),
        s.probeP99Millis());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", s.sent());
    m.put("seconds", round(s.seconds()));
    m.put("signed", s.signed());
    m.put("node_cpu_ms", cpu);
    m.put("probes_sent", s.probesSent());
    m.put("probes_answered", s.probesAnswered());
    m.put("probe_p50_ms", round(s.probeP50Millis()));
    m.put("probe_p99_ms", round(s.probeP99Millis()));
    return m;
  }

  private Map<String, Object> phoneFlood(PrintWriter out, InetSocketAddress node) throws Exception {
    PhoneFloodProbe.Result r = PhoneFloodProbe.run(node, invites, 50, 5);
    out.printf(
        "phone flood: %d invites from one stranger at 50/s: %d rang, %d refused; threads %d -> max"
            + " %d, sockets %d -> max %d; %d datagrams to the invites' addresses; contact rang"
            + " %d/%d, dial->ringing p50 %.1f ms%n",
        r.invites(),
        r.ringing(),
        r.refused(),
        r.idleThreads(),
        r.maxThreads(),
        r.idleSockets(),
        r.maxSockets(),
        r.canaryDatagrams(),
        r.contactRang(),
        r.contactCalls(),
        r.contactRingMsP50());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("invites", r.invites());
    m.put("ringing", r.ringing());
    m.put("refused", r.refused());
    m.put("idle_threads", r.idleThreads());
    m.put("max_threads", r.maxThreads());
    m.put("idle_sockets", r.idleSockets());
    m.put("max_sockets", r.maxSockets());
    m.put("datagrams_to_invite_addresses", r.canaryDatagrams());
    m.put("contact_calls", r.contactCalls());
    m.put("contact_rang", r.contactRang());
    m.put("contact_ring_ms_p50", round(r.contactRingMsP50()));
    return m;
  }

  private static double round(double v) {
    return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
  }
}
