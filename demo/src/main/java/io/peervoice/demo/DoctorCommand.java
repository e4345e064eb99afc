package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.processing.AudioProcessors;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.nat.StunServer;
import io.peervoice.nat.TurnProbe;
import io.peervoice.nat.TurnServer;
import io.peervoice.natives.NativeTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice doctor}: why a call might fail here: the rendezvous nodes (reachability, round
 * trip, node id, STUN through them), the identity file, sound devices, the native pieces, and what
 * a STUN and a TURN server say about the NAT. Each check is a verdict line (OK, WARN, FAIL) with a
 * fix hint; exit 1 when any check FAILs. JSON field names are a stable contract (README).
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Check what a call needs: rendezvous nodes, identity file, sound devices, native"
            + " libraries, NAT mapping (STUN) and TURN. Exit 1 when a check fails.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice doctor --bootstrap 127.0.0.1:7400 --id-file alice.id",
      "  peervoice doctor --bootstrap 127.0.0.1:7400 --json doctor.json",
      "  peervoice doctor --turn user:secret@turn.example.org:3478",
      "  peervoice doctor --bootstrap 192.0.2.7:7400 --node-tls-port 443 \\",
      "      --turn user:secret@turns:turn.example.org:443"
    })
final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--stun", paramLabel = "HOST:PORT", description = "STUN server to ask.")
  String stun;

  @Option(
      names = "--turn",
      paramLabel = TurnOption.FORMS,
      description =
          "TURN server to allocate a relay on (repeatable): USER:PASSWORD@HOST:PORT (UDP), or"
              + " USER:PASSWORD@ and a URI: turn:HOST:PORT[?transport=tcp], turns:HOST:PORT (TLS).")
  List<String> turn = List.of();

  @Option(
      names = "--node-tcp-port",
      paramLabel = "PORT",
      description =
          "The nodes' TCP port to check (default: each node's UDP port number; 0: not checked).")
  int nodeTcpPort = -1;

  @Option(
      names = "--node-tls-port",
      paramLabel = "PORT",
      description = "The nodes' TLS port to check (default: ${DEFAULT-VALUE}; 0: not checked).")
  int nodeTlsPort = 443;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description =
          "Check TLS servers (turns:, nodes with a CA-signed certificate) against the CA"
              + " certificates in this PEM file instead of the JDK's trust store.")
  Path caFile;

  @Option(
      names = "--node-id",
      paramLabel = "ID",
      description =
          "The node's id, from its operator (with one --bootstrap): its UDP, TCP and TLS answers"
              + " must prove it; without it a node only TLS reaches is trusted on first use.")
  String nodeId;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  @Option(
      names = "--bootstrap",
      split = ",",
      converter = HostPort.class,
      paramLabel = "HOST:PORT",
      description = "Rendezvous nodes to check (reachability, round trip, node id, STUN).")
  List<java.net.InetSocketAddress> bootstrap = List.of();

  @Option(
      names = "--id-file",
      paramLabel = "FILE",
      description = "Identity file to check (exists, private, parses).")
  Path idFile;

  /** How long each probe waits for an answer. */
  private static final Duration WAIT = Duration.ofSeconds(2);

  /** How long a TURN allocation may take (connect, TLS, two Allocate transactions). */
  private static final Duration TURN_WAIT = Duration.ofSeconds(10);

  @Override
  public Integer call() throws Exception {
    if (nodeTcpPort < -1 || nodeTcpPort > 0xFFFF) {
      throw CliException.badInvocation(
          "--node-tcp-port must be 0 (not checked) or 1..65535, got " + nodeTcpPort);
    }
    if (nodeTlsPort < 0 || nodeTlsPort > 0xFFFF) {
      throw CliException.badInvocation(
          "--node-tls-port must be 0 (not checked) or 1..65535, got " + nodeTlsPort);
    }
    io.peervoice.signaling.PeerId pin = null;
    if (nodeId != null) {
      if (bootstrap.size() != 1) {
        throw CliException.badInvocation(
            "--node-id names one node: give exactly one --bootstrap with it, got "
                + bootstrap.size());
      }
      try {
        pin = io.peervoice.signaling.PeerId.parse(nodeId);
      } catch (IllegalArgumentException e) {
        throw CliException.badInvocation("--node-id: " + e.getMessage());
      }
    }
    java.security.KeyStore trust = DoctorTrust.store(caFile);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> report = new LinkedHashMap<>();
    List<Map<String, Object>> interfaces = interfaces();
    report.put("interfaces", interfaces);
    NativeTransport transport = NativeTransport.detect();
    Map<String, Object> natives = new LinkedHashMap<>();
    natives.put("netty_transport", transport.kind().name().toLowerCase());
    transport.epollUnavailableReason().ifPresent(r -> natives.put("epoll_unavailable", r));
    natives.put("opus", OpusCodec.libraryVersion());
    natives.put("opus_origin", OpusCodec.libraryOrigin());
    natives.put("srtp_aes", Srtp.aesBackend());
    natives.put("audio_processing", AudioProcessors.availability());
    report.put("native", natives);

    out.println("Interfaces:");
    if (interfaces.isEmpty()) {
      out.println(
          "  none but loopback: calls use the loopback fallback and reach this machine only");
    }
    for (Map<String, Object> nif : interfaces) {
      out.printf("  %s %s%n", nif.get("name"), nif.get("addresses"));
    }
    out.printf(
        "Native: Netty %s%s, %s from %s, SRTP AES by %s%n",
        natives.get("netty_transport"),
        transport.epollUnavailableReason().map(r -> " (epoll unavailable: " + r + ")").orElse(""),
        natives.get("opus"),
        natives.get("opus_origin"),
        natives.get("srtp_aes"));

    out.println("Audio processing: " + natives.get("audio_processing"));

    List<DoctorCheck> checks = new ArrayList<>();
    List<DoctorCheck> reach =
        DoctorReach.nodes(bootstrap, nodeTcpPort, nodeTlsPort, trust, pin, WAIT);
    for (int i = 0; i < bootstrap.size(); i++) {
      DoctorCheck reached = reach.get(2 * i);
      checks.add(reached);
      checks.add(reach.get(2 * i + 1));
      if (reached.verdict() == DoctorCheck.Verdict.OK) {
        java.net.InetSocketAddress node = bootstrap.get(i);
        checks.add(DoctorChecks.stun("via node " + HostPort.format(node), node, WAIT));
      }
    }
    if (idFile != null) {
      checks.add(DoctorChecks.identity(idFile));
    }
    checks.addAll(DoctorChecks.devices(DoctorChecks.listDevices()));
    checks.add(DoctorChecks.audioProcessing(AudioProcessors.engines()));
    checks.add(
        DoctorCheck.ok(
            "srtp",
            "AES by " + natives.get("srtp_aes") + " (chosen by rule, the same every run)",
            Map.of("aes_provider", natives.get("srtp_aes"))));
    boolean ok = true;
    if (stun != null || !turn.isEmpty()) {
      Map<String, Object> nat = probe(checks, trust);
      report.put("nat", nat);
      out.printf("NAT: %s%n", nat.get("summary"));
      ok = Boolean.TRUE.equals(nat.get("ok"));
    } else {
      out.println("NAT: not checked (give --stun HOST:PORT and/or --turn USER:PASSWORD@SERVER)");
    }
    out.println("Checks:");
    List<Map<String, Object>> jsonChecks = new ArrayList<>();
    DoctorCheck.Verdict worst = DoctorCheck.Verdict.OK;
    for (DoctorCheck c : checks) {
      out.println("  " + c.line());
      jsonChecks.add(c.json());
      worst = c.verdict().compareTo(worst) > 0 ? c.verdict() : worst;
    }
    if (!ok) {
      worst = DoctorCheck.Verdict.FAIL;
    }
    report.put("checks", jsonChecks);
    report.put("verdict", worst.json());
    out.flush();
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), report);
    }
    return worst == DoctorCheck.Verdict.FAIL ? 1 : 0;
  }

  private static List<Map<String, Object>> interfaces() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (io.peervoice.nat.LocalInterfaces.Usable u : io.peervoice.nat.LocalInterfaces.usable()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", u.name());
      m.put(
          "addresses",
          u.addresses().stream().map(x -> x.getHostAddress().replaceAll("%.*", "")).toList());
      list.add(m);
    }
    return list;
  }

  private Map<String, Object> probe(List<DoctorCheck> checks, java.security.KeyStore trust)
      throws Exception {
    Map<String, Object> nat = new LinkedHashMap<>();
    StunServer stunServer = null;
    List<TurnServer> turnServers = new ArrayList<>();
    try {
      if (stun != null) {
        stunServer = StunServer.parse(stun);
      }
      for (String t : turn) {
        turnServers.add(TurnServer.parse(t));
      }
    } catch (IllegalArgumentException e) {
      nat.put("ok", false);
      nat.put("summary", e.getMessage());
      checks.add(DoctorCheck.fail("nat", e.getMessage(), "see peervoice doctor --help"));
      return nat;
    }
    DoctorCheck stunCheck = null;
    if (stunServer != null) {
      stunCheck =
          DoctorChecks.stun(
              stun, new java.net.InetSocketAddress(stunServer.host(), stunServer.port()), WAIT);
      checks.add(stunCheck);
    }
    DoctorTurn.Result relays =
        turnServers.isEmpty()
            ? null
            : DoctorTurn.probe(
                turnServers,
                turn.stream().map(t -> t.substring(t.lastIndexOf('@') + 1)).toList(),
                trust,
                TURN_WAIT);
    return describe(nat, relays, stunCheck, checks);
  }

  private Map<String, Object> describe(
      Map<String, Object> nat,
      DoctorTurn.Result relays,
      DoctorCheck stunCheck,
      List<DoctorCheck> checks) {
    List<String> parts = new ArrayList<>();
    boolean ok = true;
    if (stunCheck != null) {
      if (stunCheck.verdict() == DoctorCheck.Verdict.FAIL) {
        nat.put("stun", "no answer");
        parts.add("STUN " + stun + " gave no answer (UDP blocked, or no STUN server there)");
        ok = false;
      } else {
        nat.put("mapped_address", stunCheck.data().get("mapped_address"));
        boolean behindNat = Boolean.TRUE.equals(stunCheck.data().get("nat"));
        nat.put("no_nat", !behindNat);
        if (behindNat) {
          nat.put("port_preserved", stunCheck.data().get("port_preserved"));
          nat.put("mapping", "unknown: needs a STUN server with two addresses (RFC 5780)");
        }
        parts.add(stunCheck.detail());
      }
    }
    if (relays != null) {
      checks.addAll(relays.checks());
      nat.put("turn_reachable", relays.chosen().isPresent());
      if (relays.chosen().isEmpty()) {
        parts.add("TURN gave no relay (unreachable, wrong credentials, or blocked)");
        ok = false;
      } else {
        TurnProbe used = relays.chosen().get();
        String relay = HostPort.format(used.relayed().orElseThrow());
        nat.put("relay_address", relay);
        nat.put("relay_transport", used.server().transport().label());
        parts.add(
            "TURN relay at "
                + relay
                + ", relayed calls go over "
                + used.server().transport().label().toUpperCase(java.util.Locale.ROOT));
      }
    }
    nat.put("ok", ok);
    nat.put("summary", String.join("; ", parts));
    return nat;
  }
}
