package io.peervoice.nat.internal.turn;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Retries of a peer's refused or unanswered CreatePermission and ChannelBind (RFC 8656 <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-10">§10</a>, <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-12">§12</a>): up to {@link #GRANT_RETRIES}
 * each, {@link #RETRY_BASE_MILLIS} doubling each time, the permission's and the channel's on
 * separate timers (one never stands in for the other). Confined to the client's lock.
 */
final class GrantRetries {
  /** Retries of a refused permission or channel (each with twice the wait of the one before). */
  static final int GRANT_RETRIES = 4;

  /** The wait before the first retry. */
  static final long RETRY_BASE_MILLIS = 1_000;

  private GrantRetries() {}

  /**
   * Schedules {@code retry} for the peer's channel or permission; true if one is now waiting (this
   * one or one before), false once the retries are spent.
   */
  static boolean later(
      ScheduledExecutorService timers, TurnPeer p, boolean channel, Runnable retry) {
    if ((channel ? p.channelRetry : p.permissionRetry) != null) {
      return true; // one is already waiting
    }
    int done = channel ? p.channelRetries : p.permissionRetries;
    if (done >= GRANT_RETRIES) {
      return false;
    }
    var future = timers.schedule(retry, RETRY_BASE_MILLIS << done, TimeUnit.MILLISECONDS);
    if (channel) {
      p.channelRetries++;
      p.channelRetry = future;
    } else {
      p.permissionRetries++;
      p.permissionRetry = future;
    }
    return true;
  }

  /** The retry ran (or is about to): the slot is free again. */
  static void ran(TurnPeer p, boolean channel) {
    if (channel) {
      p.channelRetry = null;
    } else {
      p.permissionRetry = null;
    }
  }

  /** Whether a retry of the peer's channel or permission is waiting. */
  static boolean waiting(TurnPeer p, boolean channel) {
    return (channel ? p.channelRetry : p.permissionRetry) != null;
  }

  /** A new refresh fell due: it gets its own retries. */
  static void reset(TurnPeer p, boolean channel) {
    if (channel) {
      p.channelRetries = 0;
    } else {
      p.permissionRetries = 0;
    }
  }

  /** Cancels both of the peer's retries (the peer is forgotten, or the client stopped). */
  static void cancel(TurnPeer p) {
    if (p.permissionRetry != null) {
      p.permissionRetry.cancel(false);
      p.permissionRetry = null;
    }
    if (p.channelRetry != null) {
      p.channelRetry.cancel(false);
      p.channelRetry = null;
    }
  }
}
