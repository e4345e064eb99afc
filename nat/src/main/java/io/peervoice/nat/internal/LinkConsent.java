package io.peervoice.nat.internal;

import io.peervoice.nat.internal.stun.ProbeStun;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent (RFC 7675) on a direct path a port-prediction probe found ({@link PredictedLink}): a
 * probe check every consent interval, lost after the consent timeout without an authenticated
 * answer. After a loss the path is checked again, {@value ProbePlan#RETRIES} time(s) per call,
 * {@value ProbePlan#RETRY_BACKOFF_MILLIS} ms later: a check every interval for at most the consent
 * timeout; an answer takes the path back, none gives it up for good ({@code gaveUp}: its sockets
 * close). {@code carries} is told whether the path carries the media. On the probe's media loop
 * thread.
 */
final class LinkConsent {
  private static final Logger log = LoggerFactory.getLogger(LinkConsent.class);

  /** Schedules on the loop; false once the probe is closed. */
  interface Timers {
    boolean schedule(Runnable task, long delayMillis);
  }

  private final ProbePlan plan;
  private final ProbeStun stun;
  private final LongSupplier millis;
  private final Timers timers;
  private final java.util.function.Consumer<Boolean> carries;
  private final Runnable gaveUp;
  private PredictedLink link;
  private long lastFreshMillis;
  private int retriesLeft = ProbePlan.RETRIES;
  private long retryStartMillis = -1; // -1: not retrying

  LinkConsent(
      ProbePlan plan,
      ProbeStun stun,
      LongSupplier millis,
      Timers timers,
      java.util.function.Consumer<Boolean> carries,
      Runnable gaveUp) {
    this.plan = plan;
    this.stun = stun;
    this.millis = millis;
    this.timers = timers;
    this.carries = carries;
    this.gaveUp = gaveUp;
  }

  /** Starts keeping consent on {@code l}, fresh now; the first check after {@code delayMillis}. */
  void start(PredictedLink l, long delayMillis) {
    link = l;
    lastFreshMillis = millis.getAsLong();
    timers.schedule(this::check, delayMillis);
  }

  /** An authenticated answer (or nomination) came from the link's peer. */
  void fresh() {
    lastFreshMillis = millis.getAsLong();
  }

  private void check() {
    if (millis.getAsLong() - lastFreshMillis >= plan.consentFailAfter().toMillis()) {
      log.info(
          "port prediction: the direct path to {} lost consent; back to the relay", link.peer());
      carries.accept(false); // the media goes back to the relay
      if (retriesLeft-- > 0) {
        timers.schedule(this::retry, ProbePlan.RETRY_BACKOFF_MILLIS);
      } else {
        gaveUp.run(); // for good: the relay carries the rest of the call
      }
      return;
    }
    if (timers.schedule(this::check, plan.consentInterval().toMillis())) {
      send();
    }
  }

  private void retry() {
    long now = millis.getAsLong();
    if (retryStartMillis < 0) {
      retryStartMillis = now;
    } else if (lastFreshMillis >= retryStartMillis) {
      retryStartMillis = -1;
      log.info("port prediction: the direct path to {} answers again", link.peer());
      carries.accept(true);
      timers.schedule(this::check, plan.consentInterval().toMillis());
      return;
    } else if (now - retryStartMillis >= plan.consentFailAfter().toMillis()) {
      log.info("port prediction: the direct path to {} did not come back", link.peer());
      gaveUp.run();
      return;
    }
    if (timers.schedule(this::retry, plan.consentInterval().toMillis())) {
      send();
    }
  }

  private void send() {
    byte[] request = stun.request(link.peer(), false);
    link.send(request, 0, request.length);
  }
}
