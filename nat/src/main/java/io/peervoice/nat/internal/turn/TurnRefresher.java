package io.peervoice.nat.internal.turn;

import io.peervoice.nat.internal.stun.DecodedStun;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunFormatException;
import io.peervoice.nat.internal.stun.StunMessage;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a TURN allocation alive (RFC 8656 <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-8">§8</a>): a Refresh a minute before the
 * lifetime ends (half-way for lifetimes of 2 minutes or less), retried with a fresh nonce on 438,
 * and the Refresh with LIFETIME 0 that releases it on close. A Refresh that is refused or gets no
 * answer does not end the allocation while it has time left: it is tried again after {@link
 * #RETRY_BASE_MILLIS}, doubling, as long as the retry and its answer fit before the lifetime ends;
 * only 437 (Allocation Mismatch: the server has no such allocation) ends it at once. Confined to
 * the client's lock.
 */
final class TurnRefresher {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(TurnRefresher.class);

  /** Ends the allocation: {@code reason} null for an orderly end, {@code confirmed} if released. */
  @FunctionalInterface
  interface End {
    void end(String reason, boolean confirmed);
  }

  /** The wait before the first retry of a failed Refresh. */
  static final long RETRY_BASE_MILLIS = 2_500;

  private final java.util.function.BooleanSupplier live;
  private final java.util.function.LongSupplier nowMillis;
  private final long timeoutMillis;
  private long expiresAtMillis;
  private int retries;
  private final End end;
  private final Object lock;
  private final Runnable runOutside;
  private final TurnTransport transport;
  private final ScheduledExecutorService timers;
  private final long lifetimeAsked;
  private long lifetimeSeconds;
  private long refreshes;
  private ScheduledFuture<?> timer;

  /**
   * @param live whether the allocation is live (refreshes are due); asked under {@code lock}
   * @param runOutside runs the client's queued listener calls once {@code lock} is released
   */
  TurnRefresher(
      java.util.function.BooleanSupplier live,
      End end,
      Object lock,
      Runnable runOutside,
      TurnTransport transport,
      ScheduledExecutorService timers,
      java.util.function.LongSupplier nowMillis,
      long timeoutMillis,
      long lifetimeAsked) {
    this.nowMillis = nowMillis;
    this.timeoutMillis = timeoutMillis;
    this.live = live;
    this.end = end;
    this.lock = lock;
    this.runOutside = runOutside;
    this.transport = transport;
    this.timers = timers;
    this.lifetimeAsked = lifetimeAsked;
  }

  /** Starts with the lifetime the Allocate granted (never taken as longer than asked). */
  void start(long grantedSeconds) {
    granted(Math.min(grantedSeconds, lifetimeAsked));
  }

  private void granted(long seconds) {
    lifetimeSeconds = seconds;
    expiresAtMillis = nowMillis.getAsLong() + seconds * 1000;
    retries = 0;
    schedule();
  }

  long lifetimeSeconds() {
    return lifetimeSeconds;
  }

  long refreshes() {
    return refreshes;
  }

  private void schedule() {
    cancel();
    long lifetimeMillis = lifetimeSeconds * 1000;
    long in = lifetimeSeconds > 120 ? lifetimeMillis - 60_000 : lifetimeMillis / 2;
    timer = timers.schedule(this::due, Math.max(1000, in), TimeUnit.MILLISECONDS);
  }

  void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void due() {
    synchronized (lock) {
      if (live.getAsBoolean()) {
        send(lifetimeAsked, 0);
      }
    }
    runOutside.run();
  }

  /** Sends the Refresh with LIFETIME 0 (§8): the end follows its answer, or its timeout. */
  void release() {
    cancel();
    send(0, 0);
  }

  private void send(long lifetime, int staleRetries) {
    boolean sent =
        transport.request(
            StunMessage.REFRESH,
            tid -> List.of(TurnAttributes.lifetime(lifetime)),
            new TurnRequests.Outcome() {
              @Override
              public void response(DecodedStun r) {
                answered(r, lifetime, staleRetries);
              }

              @Override
              public void noResponse(String why) {
                failed(lifetime, "TURN allocation refresh got no answer: " + why);
              }
            });
    if (!sent) {
      failed(lifetime, "could not send the TURN Refresh");
    }
  }

  private void answered(DecodedStun r, long lifetime, int staleRetries) {
    StunMessage m = r.message();
    if (m.messageClass() == StunClass.SUCCESS_RESPONSE) {
      if (lifetime == 0) {
        end.end(null, true);
        return;
      }
      long seconds;
      try {
        // never longer than asked: a server's bigger LIFETIME would let the refresh come too late
        seconds =
            Math.min(
                lifetime, TurnAttributes.readLifetime(m.first(StunAttributes.LIFETIME), lifetime));
      } catch (StunFormatException e) {
        seconds = lifetime;
      }
      if (seconds <= 0) { // a success that deletes what we asked to keep (RFC 8656 §7.3)
        failed(lifetime, "TURN allocation refresh answered with LIFETIME 0");
        return;
      }
      refreshes++;
      granted(seconds);
      return;
    }
    int code = TurnTransport.errorCode(m);
    if (code == 438 && staleRetries < TurnClient.STALE_NONCE_RETRIES && transport.rechallenge(r)) {
      send(lifetime, staleRetries + 1);
    } else if (lifetime == 0 && code == 437) {
      end.end(null, true); // already gone (437 Allocation Mismatch)
    } else if (code == 437) {
      end.end("TURN allocation is gone (437 Allocation Mismatch)", false);
    } else {
      failed(lifetime, "TURN allocation refresh refused: " + code + " " + TurnTransport.reason(m));
    }
  }

  private void failed(long lifetime, String reason) {
    if (lifetime != 0 && live.getAsBoolean()) {
      long wait = RETRY_BASE_MILLIS << Math.min(retries, 10);
      long left = expiresAtMillis - nowMillis.getAsLong();
      if (left > wait + timeoutMillis) {
        retries++;
        cancel();
        timer = timers.schedule(this::due, wait, TimeUnit.MILLISECONDS);
        log.info("{}; trying again in {} ms ({} ms of the allocation left)", reason, wait, left);
        return;
      }
    }
    end.end(lifetime == 0 ? null : reason, false);
  }

  /** Refreshes that failed and were tried again since the last one granted. */
  int retries() {
    return retries;
  }
}
