package io.peervoice.demo;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevices;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.nat.StunProbe;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.NodeProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The checks {@code peervoice doctor} runs for a failed call, each a {@link DoctorCheck}. */
final class DoctorChecks {
  private DoctorChecks() {}

  /** A node: the overlay's address proof and a signed PING (round trip, node id). */
  static DoctorCheck node(InetSocketAddress node, Duration wait) {
    String name = "bootstrap " + HostPort.format(node);
    NodeProbe p;
    try {
      p = NodeProbe.probe(node, wait);
    } catch (IOException e) {
      return DoctorCheck.fail(
          name, "cannot send to it: " + e.getMessage(), "check the address and this host's route");
    }
    if (!p.answered()) {
      String step = p.failedStep().orElseThrow();
      if (step.equals("HELLO")) {
        return DoctorCheck.fail(
            name,
            "no answer within " + wait.toMillis() + " ms",
            "check --bootstrap, that the node runs (peervoice node --listen HOST:PORT) and that"
                + " UDP to it is not blocked");
      }
      return DoctorCheck.fail(
          name,
          "answered, but not to " + step,
          "this is not a PeerVoice rendezvous node of this version, or it is overloaded");
    }
    Map<String, Object> data = new java.util.HashMap<>();
    data.put("node_id", p.nodeId().orElseThrow().toString());
    data.put("rtt_ms", p.roundTripMicros() / 1000.0);
    p.observed().ifPresent(o -> data.put("observed_address", HostPort.format(o)));
    return DoctorCheck.ok(
        name,
        String.format(
            Locale.ROOT,
            "node %s answered in %.1f ms",
            p.nodeId().orElseThrow(),
            p.roundTripMicros() / 1000.0),
        data);
  }

  /**
   * STUN through a node or a STUN server: the mapped address. Equal to one of ours means no NAT
   * (fine); different means a NAT, also fine, and whether it kept our port is worth knowing.
   */
  static DoctorCheck stun(String label, InetSocketAddress server, Duration wait) {
    String name = "stun " + label;
    Optional<StunProbe> answer;
    try {
      answer = StunProbe.bind(server, wait);
    } catch (IOException e) {
      return DoctorCheck.fail(name, "cannot send to it: " + e.getMessage(), "check the address");
    }
    if (answer.isEmpty()) {
      return DoctorCheck.fail(
          name,
          "no STUN answer within 3 × " + wait.toMillis() + " ms",
          "check the address and that UDP to it is not blocked; without STUN only host and relayed"
              + " candidates are offered");
    }
    StunProbe s = answer.get();
    Map<String, Object> data = new java.util.HashMap<>();
    data.put("mapped_address", HostPort.format(s.mapped()));
    data.put("local_address", HostPort.format(s.local()));
    data.put("rtt_ms", s.roundTripMicros() / 1000.0);
    boolean ours =
        isLocal(s.mapped().getAddress()) || s.mapped().getAddress().equals(s.local().getAddress());
    data.put("nat", !ours);
    if (ours) {
      return DoctorCheck.ok(
          name,
          "no NAT: the server sees " + HostPort.format(s.mapped()) + ", our own address",
          data);
    }
    boolean kept = s.mapped().getPort() == s.local().getPort();
    data.put("port_preserved", kept);
    return DoctorCheck.ok(
        name,
        "behind a NAT: mapped to "
            + HostPort.format(s.mapped())
            + " (port "
            + (kept ? "preserved" : "changed")
            + ")",
        data);
  }

  /** The identity file: there, private (0600), and parses. */
  static DoctorCheck identity(Path file) {
    String name = "identity " + file;
    if (!Files.exists(file)) {
      return DoctorCheck.fail(
          name, "no such file", "create one: peervoice id new --id-file " + file);
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      boolean shared =
          perms.stream()
              .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
      if (shared) {
        return DoctorCheck.fail(
            name,
            "readable by others (" + PosixFilePermissions.toString(perms) + "); it is refused",
            "chmod 600 " + file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // no POSIX permissions here: the load below decides
    }
    try {
      Identity id = Identity.load(file);
      return DoctorCheck.ok(
          name,
          "peer id " + id.peerId() + ", private (rw-------)",
          Map.of("peer_id", id.peerId().toString()));
    } catch (IOException | RuntimeException e) {
      return DoctorCheck.fail(
          name,
          "cannot be read as an identity: " + e.getMessage(),
          "restore it from a backup, or make a new one (a new PeerId): peervoice id new --id-file"
              + " NEW_FILE");
    }
  }

  /** Capture and playback devices: missing ones only matter for --mic / --speaker. */
  static List<DoctorCheck> devices(List<AudioDevice> found) {
    List<DoctorCheck> checks = new ArrayList<>();
    for (AudioDevice.Kind kind : AudioDevice.Kind.values()) {
      List<String> names =
          found.stream().filter(d -> d.kind() == kind).map(AudioDevice::name).toList();
      String option = kind == AudioDevice.Kind.CAPTURE ? "--mic" : "--speaker";
      String file = kind == AudioDevice.Kind.CAPTURE ? "--play FILE" : "--record FILE";
      if (names.isEmpty()) {
        checks.add(
            DoctorCheck.warn(
                kind.word(),
                "no " + kind.word() + " device: " + option + " cannot work here",
                "use " + file + ", or connect a device (Java Sound must see it)"));
      } else {
        checks.add(
            DoctorCheck.ok(
                kind.word(),
                names.size() + " device(s): " + String.join(", ", names),
                Map.of("devices", names)));
      }
    }
    return checks;
  }

  /**
   * The audio processing engines: the engine calls use is peervoice-aec (plain Java, always there)
   * or WebRTC AEC3 (ok), only the speexdsp fallback loads (warn), or none does (warn: calls from a
   * microphone send their echo), each with the reason.
   */
  static DoctorCheck audioProcessing(List<EngineAvailability> engines) {
    String name = "audio processing";
    EngineAvailability best =
        engines.stream().filter(EngineAvailability::available).findFirst().orElse(null);
    String missing =
        String.join(
            "; ",
            engines.stream()
                .filter(e -> !e.available())
                .map(e -> e.engine().label() + ": " + e.detail())
                .toList());
    if (best == null) {
      return DoctorCheck.warn(
          name,
          "no engine loads (" + missing + "): calls from --mic send their echo",
          "apt-get install libpulse0 libspeexdsp1");
    }
    if (best.engine() != ProcessingEngine.PEERVOICE_AEC
        && best.engine() != ProcessingEngine.WEBRTC_AEC3) {
      return DoctorCheck.warn(
          name,
          best.engine().label() + " (" + best.detail() + "), the fallback: " + missing,
          "apt-get install libpulse0 for WebRTC's AEC3");
    }
    return DoctorCheck.ok(
        name,
        best.engine().label() + " (" + best.detail() + ")",
        Map.of("engine", best.engine().label()));
  }

  static List<AudioDevice> listDevices() {
    try {
      return AudioDevices.list();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static boolean isLocal(InetAddress a) {
    return io.peervoice.nat.LocalInterfaces.isLocal(a);
  }
}
