package io.peervoice.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One verdict of {@code peervoice doctor}. JSON (stable): {@code name}, {@code verdict} ({@code
 * ok}, {@code warn} or {@code fail}), {@code detail}, {@code hint} (empty when there is nothing to
 * do) and {@code data} (figures of that check, e.g. {@code rtt_ms}, {@code node_id}).
 */
record DoctorCheck(
    String name, Verdict verdict, String detail, String hint, Map<String, Object> data) {

  /** How a check came out: FAIL means a call will fail because of it. */
  enum Verdict {
    OK,
    WARN,
    FAIL;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  DoctorCheck {
    data = Map.copyOf(data);
  }

  static DoctorCheck ok(String name, String detail, Map<String, Object> data) {
    return new DoctorCheck(name, Verdict.OK, detail, "", data);
  }

  static DoctorCheck warn(String name, String detail, String hint) {
    return new DoctorCheck(name, Verdict.WARN, detail, hint, Map.of());
  }

  static DoctorCheck fail(String name, String detail, String hint) {
    return new DoctorCheck(name, Verdict.FAIL, detail, hint, Map.of());
  }

  /** {@code FAIL bootstrap 192.0.2.7:7400: no answer ...; fix: ...}. */
  String line() {
    return String.format(
        Locale.ROOT,
        "%-5s %s: %s%s",
        verdict.name(),
        name,
        detail,
        hint.isEmpty() ? "" : "; fix: " + hint);
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("verdict", verdict.json());
    m.put("detail", detail);
    m.put("hint", hint);
    m.put("data", new java.util.TreeMap<>(data));
    return m;
  }
}
