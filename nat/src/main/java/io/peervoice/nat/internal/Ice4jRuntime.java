package io.peervoice.nat.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.peervoice.natives.JulBridge;
import java.util.Map;
import org.jitsi.config.JitsiConfig;
import org.jitsi.config.TypesafeConfigSource;

/**
 * Puts ice4j's process-wide configuration in a known state before the first agent exists.
 *
 * <p>ice4j reads a Typesafe config and a "legacy" property source, both global and both open to
 * system properties. PeerVoice replaces them: the new config is ice4j's own {@code reference.conf}
 * (without system-property overrides) plus the client settings below; the legacy source is empty.
 * So a stray {@code -Dice4j...} or {@code -Dorg.ice4j...} flag cannot change the engine by
 * accident. The settings:
 *
 * <ul>
 *   <li>{@code harvest.mapping.aws.enabled = false}: no 500 ms probe of the AWS metadata address
 *   <li>{@code harvest.use-link-local-addresses = false}: no fe80:: candidates
 *   <li>{@code use-component-socket = false}: media is read from the selected pair's socket
 *   <li>{@code ice.termination-delay = 0}: candidates not in the selected pair are freed at once
 *   <li>{@code software = ""}: no SOFTWARE attribute revealing the library
 *   <li>{@code consent-freshness.interval = 5 seconds}: RFC 7675 §5.1 (ice4j's default is 15 s)
 * </ul>
 *
 * ice4j logs through java.util.logging; {@link JulBridge} routes it to SLF4J. Its shared thread
 * pools let idle threads go after 2 s instead of 60 ({@link Ice4jPools}).
 */
public final class Ice4jRuntime {
  private static boolean configured;

  private Ice4jRuntime() {}

  static final Map<String, Object> CLIENT_SETTINGS =
      Map.of(
          "ice4j.harvest.mapping.aws.enabled",
          false,
          "ice4j.harvest.use-link-local-addresses",
          false,
          "ice4j.use-component-socket",
          false,
          "ice4j.ice.termination-delay",
          "0 seconds",
          "ice4j.software",
          "",
          "ice4j.consent-freshness.interval",
          "5 seconds");

  /** Idempotent; called before every agent is created. */
  public static synchronized void ensureConfigured() {
    if (!configured) {
      apply();
      Ice4jPools.shortenIdle();
      configured = true;
    }
  }

  /** Replaces ice4j's configuration sources; package-private so a test can re-apply it. */
  static synchronized void apply() {
    JulBridge.install();
    ClassLoader loader = Ice4jRuntime.class.getClassLoader();
    Config config =
        ConfigFactory.parseMap(CLIENT_SETTINGS, "PeerVoice client settings")
            .withFallback(ConfigFactory.defaultReferenceUnresolved(loader))
            .resolve();
    JitsiConfig.Companion.useDebugNewConfig(new TypesafeConfigSource("peervoice", config));
    JitsiConfig.Companion.useDebugLegacyConfig(
        new TypesafeConfigSource("peervoice-legacy", ConfigFactory.empty()));
  }
}
