package io.peervoice.session.internal.dtls;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the alerts a DTLS association raises and receives (RFC 5246 §7.2). */
final class DtlsLog {
  private static final Logger log = LoggerFactory.getLogger("io.peervoice.session.dtls");

  private DtlsLog() {}

  static void raised(short level, short description, String message) {
    if (level == AlertLevel.fatal) {
      log.info(
          "DTLS: we sent a fatal alert {}: {}", AlertDescription.getText(description), message);
    } else {
      log.debug("DTLS: we sent alert {}", AlertDescription.getText(description));
    }
  }

  static void received(short level, short description) {
    if (level == AlertLevel.fatal) {
      log.info("DTLS: the peer sent a fatal alert {}", AlertDescription.getText(description));
    } else {
      log.debug("DTLS: the peer sent alert {}", AlertDescription.getText(description));
    }
  }
}
