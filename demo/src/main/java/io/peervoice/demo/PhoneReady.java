package io.peervoice.demo;

import io.peervoice.sdk.Phone;
import io.peervoice.sdk.PhoneException;
import java.io.PrintWriter;
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

  /** The longest wait for a phone's attach, beyond the longest {@code --ready-timeout}. */
  static final int READY_CAP_SECONDS = 180;

  private PhoneReady() {}

  /**
   * Returns null once {@code phone} is ready, or prints {@code <command>: no rendezvous node
   * answered within 5.0 s (tried ...); check --bootstrap and that UDP (or its TCP/TLS port) reaches
   * it} and returns {@link #NO_NODE}.
   */
  static Integer await(Phone phone, String command, PrintWriter err)
      throws InterruptedException, ExecutionException {
    try {
      // The phone fails attached() after its readyTimeout (at most 120 s, --ready-timeout); the
      // margin is for a loaded machine.
      phone.attached().get(READY_CAP_SECONDS, TimeUnit.SECONDS);
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
          "peervoice "
              + command
              + ": the phone did not become ready within "
              + READY_CAP_SECONDS
              + " s");
      err.flush();
      return NO_NODE;
    }
  }
}
