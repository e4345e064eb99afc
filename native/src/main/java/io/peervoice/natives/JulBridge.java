package io.peervoice.natives;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes the java.util.logging output of the native-backed libraries PeerVoice wraps (ice4j,
 * jitsi-srtp, jitsi-utils) to SLF4J. Only those loggers are touched, not the JUL root, so an
 * application's own JUL set-up is left alone. Idempotent.
 */
public final class JulBridge {
  private static final List<String> ROOTS =
      List.of("org.ice4j", "org.jitsi", "io.peervoice", "JitsiConfig");

  /** Strong references: JUL holds its loggers weakly and would forget our settings. */
  private static final List<Logger> LOGGERS = ROOTS.stream().map(Logger::getLogger).toList();

  private static boolean installed;

  private JulBridge() {}

  public static synchronized void install() {
    if (installed) {
      return;
    }
    for (Logger logger : LOGGERS) {
      logger.setUseParentHandlers(false);
      logger.addHandler(new SLF4JBridgeHandler());
      logger.setLevel(Level.INFO);
    }
    installed = true;
  }
}
