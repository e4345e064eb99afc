package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.sdk.Phone;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.Presence;
import io.peervoice.signaling.call.PresencePolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * S6 presence: {@code peervoice probe PEER_ID}: asks whether a peer is reachable now without
 * ringing it ({@code docs/presence.md}) and says so in one line (and {@code --json FILE}).
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description =
        "Ask whether a peer is reachable now, without ringing it. It answers only if its"
            + " presence policy allows us (listen --presence); otherwise, offline or asked too"
            + " often, the answer is 'unknown' after --timeout.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice probe PEER_ID --id-file alice.id --bootstrap 127.0.0.1:7400",
      "  peervoice probe PEER_ID --id-file alice.id --bootstrap 127.0.0.1:7400 \\",
      "      --timeout 5 --json presence.json",
      "",
      "Exit codes: 0 reachable; 5 reachable but set to do not disturb",
      "(a call would be answered busy); 4 unknown (no answer: offline, not",
      "allowing us, or asked too often); 3 no rendezvous node answered;",
      "2 bad invocation, file or identity."
    })
final class ProbeCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin PhoneOptions phone;

  @Parameters(index = "0", paramLabel = "PEER_ID", description = "Who to ask.")
  String peer;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      converter = Timeout.class,
      description = "Wait this long for an answer (0.1..60, default 3); then 'unknown'.")
  Duration timeout = io.peervoice.sdk.PhoneConfig.DEFAULT_PROBE_TIMEOUT;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PeerId target;
    try {
      target = PeerId.parse(peer);
    } catch (IllegalArgumentException e) {
      err.println(
          "peervoice probe: '" + CliErrors.oneLine(peer) + "' is not a PeerId: " + e.getMessage());
      return ExitCodes.BAD_INVOCATION;
    }
    String badContacts = phone.loadContacts();
    if (badContacts != null) {
      err.println("peervoice probe: " + badContacts);
      return ExitCodes.BAD_INVOCATION;
    }
    io.peervoice.sdk.PhoneConfig config = phone.builder().probeTimeout(timeout).build();
    if (target.equals(config.identity().peerId())) {
      err.println("peervoice probe: " + peer + " is our own PeerId (--id-file); probe another");
      return ExitCodes.BAD_INVOCATION;
    }
    try (Phone p = Phone.start(config)) {
      Integer notReady = PhoneReady.await(p, "probe", err, phone.attachTimeout());
      if (notReady != null) {
        return notReady;
      }
      Presence presence = p.probe(target).get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      out.println(line(presence));
      out.flush();
      if (phone.json != null) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(phone.json.toFile(), json(presence, timeout));
      }
      return exitCode(presence.status());
    }
  }

  /** The one line a probe prints. */
  static String line(Presence p) {
    long ms = p.elapsed().toMillis();
    return switch (p.status()) {
      case REACHABLE -> p.peer() + " reachable (answered in " + ms + " ms)";
      case DO_NOT_DISTURB ->
          p.peer() + " reachable, set to do not disturb: calls are answered busy (" + ms + " ms)";
      case UNKNOWN ->
          String.format(
              Locale.ROOT,
              "%s unknown: no answer in %.1f s (offline, not allowing us, or asked too often)",
              p.peer(),
              ms / 1000.0);
    };
  }

  static Map<String, Object> json(Presence p, Duration timeout) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("peer", p.peer().toString());
    root.put("status", p.status().name().toLowerCase(Locale.ROOT));
    root.put("answered", p.answered());
    root.put("do_not_disturb", p.status() == Presence.Status.DO_NOT_DISTURB);
    root.put("elapsed_ms", p.elapsed().toMillis());
    root.put("timeout_ms", timeout.toMillis());
    return Map.of("presence", root);
  }

  static int exitCode(Presence.Status status) {
    return switch (status) {
      case REACHABLE -> ExitCodes.OK;
      case DO_NOT_DISTURB -> ExitCodes.NOT_ANSWERED;
      case UNKNOWN -> ExitCodes.UNREACHABLE;
    };
  }

  /** Parses seconds, 0.1 to 60 (decimals allowed). */
  static final class Timeout implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      double seconds;
      try {
        seconds = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (!(seconds >= 0.1 && seconds <= 60)) {
        throw new CommandLine.TypeConversionException(
            "--timeout must be 0.1..60 seconds, got '" + CliErrors.oneLine(value) + "'");
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    }
  }

  /** A presence policy for {@code listen --presence}. */
  static final class Policy implements CommandLine.ITypeConverter<PresencePolicy> {
    @Override
    public PresencePolicy convert(String value) {
      try {
        return PresencePolicy.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'"
                + CliErrors.oneLine(value)
                + "' is not a presence policy; use everyone, contacts or nobody");
      }
    }
  }
}
