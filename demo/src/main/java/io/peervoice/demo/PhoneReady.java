package io.peervoice.demo;

import io.peervoice.sdk.Phone;
import io.peervoice.sdk.PhoneException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for {@link Phone#attached()} on behalf of a command, turning a dead overlay into one line.
 * Not {@link Phone#ready()}: the warm-up goes on in the background, overlapping a first dial or
 * call, instead of holding a fresh process back before it dials or prints {@code ready}.
 */
final class PhoneReady {
  /** Exit code when no rendezvous node answered (DESIGN-11: 3). */
  static final int NO_NODE = 3;

  /**
   * How long past its ready timeout a phone may take to fail {@link Phone#attached()}: the margin
   * for a loaded machine, after which the command gives up on the phone itself.
   */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private PhoneReady() {}

  /**
   * Returns null once {@code phone} is ready, or prints {@code <command>: no rendezvous node
   * answered within 5.0 s (tried ...); check --bootstrap and that UDP (or its TCP/TLS port) reaches
   * it} (the phone's {@code readyTimeout}, {@code --ready-timeout}) and returns {@link #NO_NODE}.
   * {@code readyTimeout} is the phone's: past it plus {@link #MARGIN}, the command gives up.
   */
  static Integer await(Phone phone, String command, PrintWriter err, Duration readyTimeout)
      throws InterruptedException, ExecutionException {
    long wait = readyTimeout.plus(MARGIN).toSeconds();
    try {
      phone.attached().get(wait, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PhoneException p) {
        err.println(
            "peervoice "
                + command
                + ": "
                + p.getMessage()
                + "; check --bootstrap and that UDP (or its TCP/TLS port) reaches it");
        err.flush();
        return NO_NODE;
      }
      throw e;
    } catch (TimeoutException e) {
      err.println(
          "peervoice " + command + ": the phone did not become ready within " + wait + " s");
      err.flush();
      return NO_NODE;
    }
  }
}
