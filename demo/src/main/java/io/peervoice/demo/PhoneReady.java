package io.peervoice.demo;

import io.peervoice.sdk.Phone;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Waits for {@link Phone#ready()} a bounded time. A dead {@code --bootstrap} is found before the
 * phone starts ({@link BootstrapProbe}, within 3 s); this catches a node that answers STUN but does
 * not let us attach, and the SDK's own typed failure.
 */
final class PhoneReady {
  /** Attaching takes milliseconds; warming up codecs, SRTP and ICE up to a few seconds. */
  static final Duration WAIT = Duration.ofSeconds(15);

  private PhoneReady() {}

  /**
   * Returns once {@code phone} is ready.
   *
   * @throws CliException (exit 3) if no node answered within {@link #WAIT}, or the phone says so
   */
  static void await(Phone phone, List<InetSocketAddress> bootstrap)
      throws InterruptedException, ExecutionException {
    try {
      phone.ready().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw noNode(bootstrap, e);
    } catch (ExecutionException e) {
      // the SDK's typed failure (NoNodeAnsweredException), once Phone.ready() has one
      if (e.getCause() != null
          && e.getCause().getClass().getSimpleName().equals("NoNodeAnsweredException")) {
        throw noNode(bootstrap, e.getCause());
      }
      throw e;
    }
  }

  private static CliException noNode(List<InetSocketAddress> bootstrap, Throwable cause) {
    return new CliException(
        CliException.NO_NODE,
        "could not attach to a rendezvous node at "
            + bootstrap.stream().map(HostPort::format).collect(Collectors.joining(", "))
            + " within "
            + WAIT.toSeconds()
            + " s"
            + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")")
            + "; check --bootstrap HOST:PORT and that 'peervoice node' runs there (UDP)",
        cause);
  }
}
