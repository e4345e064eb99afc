package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceSessions;
import io.peervoice.nat.StunServer;
import io.peervoice.nat.TurnServer;
import io.peervoice.natives.NativeTransport;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice doctor}: what this machine offers a call: interfaces, native pieces, and what a
 * STUN and a TURN server say about its NAT. JSON field names are a stable contract.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = "Check interfaces, native libraries, NAT mapping (STUN) and TURN reachability.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice doctor",
      "  peervoice doctor --stun 127.0.0.1:7400 --json doctor.json  # a node's STUN",
      "  peervoice doctor --turn user:secret@turn.example.org:3478"
    })
final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--stun", paramLabel = "HOST:PORT", description = "STUN server to ask.")
  String stun;

  @Option(
      names = "--turn",
      paramLabel = "USER:PASSWORD@HOST:PORT",
      description = "TURN server to allocate a relay on.")
  String turn;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> report = new LinkedHashMap<>();
    List<Map<String, Object>> interfaces = interfaces();
    report.put("interfaces", interfaces);
    NativeTransport transport = NativeTransport.detect();
    Map<String, Object> natives = new LinkedHashMap<>();
    natives.put("netty_transport", transport.kind().name().toLowerCase());
    transport.epollUnavailableReason().ifPresent(r -> natives.put("epoll_unavailable", r));
    natives.put("opus", OpusCodec.libraryVersion());
    natives.put("srtp_aes", Srtp.aesBackend());
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
        "Native: Netty %s%s, %s, SRTP AES by %s%n",
        natives.get("netty_transport"),
        transport.epollUnavailableReason().map(r -> " (epoll unavailable: " + r + ")").orElse(""),
        natives.get("opus"),
        natives.get("srtp_aes"));

    boolean ok = true;
    if (stun != null || turn != null) {
      Map<String, Object> nat = probe();
      report.put("nat", nat);
      out.printf("NAT: %s%n", nat.get("summary"));
      ok = Boolean.TRUE.equals(nat.get("ok"));
    } else {
      out.println("NAT: not checked (give --stun HOST:PORT and/or --turn USER:PASSWORD@HOST:PORT)");
    }
    out.flush();
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), report);
    }
    return ok ? 0 : 1;
  }

  private static List<Map<String, Object>> interfaces() throws Exception {
    List<Map<String, Object>> list = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      List<String> addresses = new ArrayList<>();
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        addresses.add(a.getHostAddress().replaceAll("%.*", ""));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", nif.getName());
      m.put("addresses", addresses);
      list.add(m);
    }
    return list;
  }

  private Map<String, Object> probe() throws Exception {
    Map<String, Object> nat = new LinkedHashMap<>();
    IceConfig.Builder config = IceConfig.builder().loopbackFallback(false);
    try {
      if (stun != null) {
        config.addStunServer(StunServer.parse(stun));
      }
      if (turn != null) {
        config.addTurnServer(TurnServer.parse(turn));
      }
    } catch (IllegalArgumentException e) {
      nat.put("ok", false);
      nat.put("summary", e.getMessage());
      return nat;
    }
    ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1);
    try (IceSession session =
        IceSessions.open(config.build(), IceRole.CONTROLLING, clock, Thread::new)) {
      List<IceCandidate> found = List.of();
      try {
        found = session.gatherAll(Duration.ofSeconds(30));
      } catch (IceException e) {
        nat.put("gathering", e.getMessage());
      }
      return describe(nat, found);
    } catch (IceException e) {
      nat.put("ok", false);
      nat.put("summary", "ICE could not start: " + e.getMessage());
      return nat;
    } finally {
      clock.shutdownNow();
    }
  }

  private Map<String, Object> describe(Map<String, Object> nat, List<IceCandidate> found) {
    List<String> parts = new ArrayList<>();
    boolean ok = true;
    IceCandidate srflx = first(found, CandidateType.SERVER_REFLEXIVE);
    if (stun != null) {
      if (srflx == null) {
        nat.put("stun", "no answer");
        parts.add(
            "STUN " + stun + " gave no mapped address (UDP blocked, or no NAT and no answer)");
        ok = false;
      } else {
        boolean preserved = srflx.port() == srflx.relatedPort();
        nat.put("mapped_address", srflx.address() + ":" + srflx.port());
        nat.put("port_preserved", preserved);
        nat.put("mapping", "unknown: needs a STUN server with two addresses (RFC 5780)");
        parts.add(
            "mapped to %s:%d (port %s)"
                .formatted(srflx.address(), srflx.port(), preserved ? "preserved" : "changed"));
      }
    }
    IceCandidate relay = first(found, CandidateType.RELAYED);
    if (turn != null) {
      nat.put("turn_reachable", relay != null);
      if (relay == null) {
        parts.add("TURN gave no relay (unreachable, wrong credentials, or UDP blocked)");
        ok = false;
      } else {
        nat.put("relay_address", relay.address() + ":" + relay.port());
        parts.add("TURN relay at " + relay.address() + ":" + relay.port());
      }
    }
    nat.put("ok", ok);
    nat.put("summary", String.join("; ", parts));
    return nat;
  }

  private static IceCandidate first(List<IceCandidate> found, CandidateType type) {
    return found.stream().filter(c -> c.type() == type).findFirst().orElse(null);
  }
}
