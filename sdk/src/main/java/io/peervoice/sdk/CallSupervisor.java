package io.peervoice.sdk;

import io.peervoice.nat.PathState;
import io.peervoice.sdk.internal.DeviceGuard;
import io.peervoice.sdk.internal.MediaWatchdog;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a call honestly when its media or devices give out, telling the peer why (a HANGUP with the
 * reason, {@link Call#remoteReason()} on the other side):
 *
 * <ul>
 *   <li>{@link EndReason#DEVICE_FAILED}: our audio source or sink threw, on opening or later;
 *   <li>{@link EndReason#PEER_VANISHED}: media ran, then the path's consent expired (RFC 7675) and
 *       no hang-up came; before media ran the same is {@link EndReason#MEDIA_FAILED}. Sooner when
 *       the peer is unreachable both ways: consent is lost and the ICE restart offer we sent for it
 *       could not reach the peer through the overlay either (it did not acknowledge, or no node has
 *       it any more);
 *   <li>{@link EndReason#NO_AUDIO}: media runs and consent is fresh, but no audio packet has come
 *       for {@link PhoneConfig#noAudioTimeout()} (the peer is there and sends us nothing; see
 *       {@link MediaWatchdog} for how a vanished peer is told apart).
 * </ul>
 *
 * Its decisions run on the phone's signaling thread; the device and path hooks may be called from
 * any thread.
 */
final class CallSupervisor {
  private static final Logger log = LoggerFactory.getLogger(CallSupervisor.class);

  private final Phone phone;
  private final Call call;
  private final Supplier<CallFlow> flow;
  private final DeviceGuard devices;
  private final Duration noAudioTimeout;
  private final LongSupplier nanoClock;
  private volatile PathState path = PathState.CONNECTED;
  private MediaSession media;
  private MediaWatchdog watchdog;

  CallSupervisor(Phone phone, Call call, Supplier<CallFlow> flow) {
    this.phone = phone;
    this.call = call;
    this.flow = flow;
    this.noAudioTimeout = phone.config().noAudioTimeout();
    this.nanoClock = phone.media().settings().nanoClock();
    this.devices =
        new DeviceGuard(e -> phone.thread().later(call, () -> deviceFailed(e, "failed")));
  }

  /** Wraps the application's audio devices so that their failure ends the call. */
  DeviceGuard devices() {
    return devices;
  }

  /** A device could not be opened: ends the call at once. */
  void deviceFailedToOpen(RuntimeException e) {
    deviceFailed(e, "could not open");
  }

  /** The media path's consent state changed (any thread). */
  void pathState(PathState state) {
    path = state;
    if (state == PathState.FAILED) {
      phone.thread().later(call, this::pathFailed);
    }
  }

  /** Media runs on {@code session}: from now on it is watched. On the signaling thread. */
  void mediaStarted(MediaSession session) {
    media = session;
    watchdog = new MediaWatchdog(noAudioTimeout, nanoClock.getAsLong());
    schedule();
  }

  /**
   * Milliseconds from the last audio packet to now, or to the end of the call ({@code endedNanos}
   * on {@link System#nanoTime()}, or -1 while it runs); -1 if no audio packet came.
   */
  long silenceMillis(java.util.Optional<MediaSessionStats> stats, long endedNanos) {
    long last = stats.map(m -> m.receive().lastAudioNanos()).orElse(-1L);
    if (last < 0) {
      return -1;
    }
    long end =
        endedNanos > 0
            ? nanoClock.getAsLong() - (System.nanoTime() - endedNanos)
            : nanoClock.getAsLong();
    return Math.max(0, (end - last) / 1_000_000);
  }

  private void schedule() {
    phone.thread().later(call, MediaWatchdog.checkInterval(noAudioTimeout).toMillis(), this::check);
  }

  private void check() {
    if (call.state() != CallState.ACTIVE || media.state() != MediaSession.State.ACTIVE) {
      return;
    }
    MediaSessionStats stats;
    try {
      stats = media.stats();
    } catch (IllegalStateException closing) {
      return;
    }
    long audio = stats.receive().audioPackets();
    long datagrams = stats.receive().packetsReceived() + stats.rtcp().reportsReceived();
    switch (watchdog.check(nanoClock.getAsLong(), audio, datagrams, path)) {
      case NO_AUDIO -> {
        log.warn(
            "call {}: no audio from the peer for {} ms while the path is up; ending the call",
            call.id(),
            noAudioTimeout.toMillis());
        end(EndReason.NO_AUDIO);
      }
      case PEER_VANISHED -> pathFailed();
      case FINE -> schedule();
    }
  }

  /** Our ICE restart offer could not be delivered (on the signaling thread). */
  void restartUndeliverable(DeliveryException.Reason reason) {
    boolean peerGone =
        reason == DeliveryException.Reason.PEER_TIMEOUT
            || reason == DeliveryException.Reason.PEER_UNREACHABLE
            || reason == DeliveryException.Reason.PEER_NOT_FOUND;
    if (peerGone && watchdog != null && path != PathState.CONNECTED) {
      log.warn(
          "call {}: the peer answers neither on the media path nor through the overlay ({})",
          call.id(),
          reason);
      end(EndReason.PEER_VANISHED);
    }
  }

  private void pathFailed() {
    if (watchdog != null && call.state() == CallState.ACTIVE) {
      log.warn(
          "call {}: the peer stopped answering on the media path (consent expired)", call.id());
      end(EndReason.PEER_VANISHED);
    } else {
      flow.get().mediaFailed();
    }
  }

  private void deviceFailed(RuntimeException why, String what) {
    if (call.state() == CallState.ENDED) {
      return;
    }
    log.warn(
        "call {}: the audio source or sink {}: {}; ending the call",
        call.id(),
        what,
        LogText.escape(why));
    end(EndReason.DEVICE_FAILED);
  }

  private void end(EndReason reason) {
    CallFlow f = flow.get();
    if (f != null && f.state() != CallState.ENDED) {
      f.endBecause(reason);
    }
  }

  /**
   * The phone closes: ends the call, telling the peer. A call ringing here while other devices of
   * our identity are online is left to them (a CANCEL({@link EndReason#CLOSED}), which the caller
   * ignores while another device rings), not declined for all.
   */
  void hangupForClose() {
    CallFlow f = flow.get();
    if (f != null && call.state() != CallState.ENDED) {
      if (call.direction() == CallDirection.INCOMING
          && call.state() == CallState.RINGING
          && phone.devices() > 1) {
        f.leave();
      } else {
        f.hangup();
      }
    }
  }
}
