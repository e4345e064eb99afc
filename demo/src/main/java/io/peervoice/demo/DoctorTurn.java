package io.peervoice.demo;

import io.peervoice.nat.TurnProbe;
import io.peervoice.nat.TurnServer;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code peervoice doctor}'s TURN servers ({@code --turn}, repeatable): one allocation on each,
 * over the transport its form names ({@code HOST:PORT} and {@code turn:} UDP, {@code
 * turn:...?transport=tcp} TCP, {@code turns:} TLS), all at once, and which a relayed call will use:
 * the first that allocates in the order UDP, TCP, TLS (ICE prefers UDP relays, then TCP, then TLS).
 * One line per server, e.g. {@code turn turns:turn.example.org:443: TLS allocation ok (45.0 ms,
 * TLSv1.3), relay at 203.0.113.9:50312 -> relayed calls go over TLS}. A server that fails is a FAIL
 * when none allocates, else a WARN.
 */
final class DoctorTurn {
  /** The outcome: the lines, and the server relayed calls will use, if any. */
  record Result(List<DoctorCheck> checks, Optional<TurnProbe> chosen) {}

  private DoctorTurn() {}

  /** Probes {@code servers} (already parsed; {@code labels} as the user wrote them). */
  static Result probe(
      List<TurnServer> servers, List<String> labels, KeyStore trust, Duration wait) {
    ExecutorService pool = Executors.newCachedThreadPool();
    List<TurnProbe> probes;
    try {
      List<CompletableFuture<TurnProbe>> all =
          servers.stream()
              .map(s -> CompletableFuture.supplyAsync(() -> allocate(s, trust, wait), pool))
              .toList();
      probes = all.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
    Optional<TurnProbe> chosen =
        probes.stream()
            .filter(TurnProbe::allocated)
            .min(Comparator.comparing(p -> p.server().transport()));
    List<DoctorCheck> checks = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      checks.add(check(probes.get(i), labels.get(i), chosen));
    }
    return new Result(checks, chosen);
  }

  private static TurnProbe allocate(TurnServer server, KeyStore trust, Duration wait) {
    try {
      return TurnProbe.allocate(server, trust, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TurnProbe(
          server, Optional.of("interrupted"), 0, -1, Optional.empty(), Optional.empty());
    }
  }

  private static DoctorCheck check(TurnProbe p, String label, Optional<TurnProbe> chosen) {
    String name = "turn " + label;
    String transport = p.server().transport().label().toUpperCase(Locale.ROOT);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("transport", p.server().transport().label());
    if (!p.allocated()) {
      String detail = transport + " allocation failed: " + p.failure().orElseThrow();
      String hint = hint(p);
      if (chosen.isPresent()) {
        return new DoctorCheck(
            name,
            DoctorCheck.Verdict.WARN,
            detail
                + " -> relayed calls go over "
                + chosen.get().server().transport().label().toUpperCase(Locale.ROOT)
                + (chosen.get().server().host().equals(p.server().host())
                    ? " to the same server"
                    : " through another server"),
            hint,
            data);
      }
      return new DoctorCheck(
          name, DoctorCheck.Verdict.FAIL, detail + " -> calls cannot be relayed", hint, data);
    }
    String relay = HostPort.format(p.relayed().orElseThrow());
    data.put("relay_address", relay);
    data.put("allocate_ms", p.allocateMicros() / 1000.0);
    p.tlsProtocol().ifPresent(v -> data.put("tls_protocol", v));
    boolean used = chosen.orElseThrow() == p;
    data.put("used", used);
    String detail =
        String.format(
                Locale.ROOT, "%s allocation ok (%.1f ms", transport, p.allocateMicros() / 1000.0)
            + p.tlsProtocol().map(v -> ", " + v).orElse("")
            + "), relay at "
            + relay
            + (used
                ? " -> relayed calls go over " + transport
                : " -> a fallback (relayed calls go over "
                    + chosen.get().server().transport().label().toUpperCase(Locale.ROOT)
                    + ")");
    return new DoctorCheck(name, DoctorCheck.Verdict.OK, detail, "", data);
  }

  private static String hint(TurnProbe p) {
    if (p.errorCode() == 401) {
      return "check the user and password";
    }
    return switch (p.server().transport()) {
      case UDP ->
          "check the server address and that UDP to it is open; try turn:...?transport=tcp"
              + " or turns: where UDP is blocked";
      case TCP -> "check the server address and that TCP to its port is open; try turns: on 443";
      case TLS ->
          "check the server address, that TCP to its port is open and that its certificate"
              + " is trusted for that name (the JDK's trust store, or --ca-file)";
    };
  }
}
