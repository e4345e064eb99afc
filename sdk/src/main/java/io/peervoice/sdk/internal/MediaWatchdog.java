package io.peervoice.sdk.internal;

import io.peervoice.nat.PathState;
import java.time.Duration;

/**
 * Judges a connected call's media from what arrives: the path's consent (RFC 7675), the count of
 * audio packets received and the count of all datagrams from the peer (RTCP, telephone events,
 * packets SRTP rejected). Pure logic: the caller passes the time in and asks at its own pace.
 *
 * <ul>
 *   <li>Consent expired ({@link PathState#FAILED}): the peer stopped answering on the path and no
 *       hang-up came, {@link Verdict#PEER_VANISHED}.
 *   <li>No audio packet for the no-audio timeout (since media started, since the last audio packet,
 *       or since consent came back) while consent is fresh, and the peer is provably there: other
 *       datagrams of it came after its audio stopped, {@link Verdict#NO_AUDIO}. With nothing at all
 *       from the peer but consent, the verdict waits for twice the timeout: a peer that vanished
 *       loses consent first (after {@code IceConfig.consentDisconnectAfter}, 6 s by default, under
 *       the 10 s default timeout).
 *   <li>While consent is lost ({@link PathState#DISCONNECTED}) the clock stands: the path is the
 *       problem, and an ICE restart may bring it back.
 * </ul>
 *
 * Not thread-safe.
 */
public final class MediaWatchdog {
  /** What the media says about the call. */
  public enum Verdict {
    FINE,
    NO_AUDIO,
    PEER_VANISHED
  }

  private final long noAudioNanos;
  private long lastAudioNanos;
  private long audioPackets;
  private long datagramsAtLastAudio;

  /**
   * @param noAudioTimeout how long without an audio packet makes {@link Verdict#NO_AUDIO}; zero:
   *     never
   * @param startNanos when media started, on the caller's monotonic clock
   */
  public MediaWatchdog(Duration noAudioTimeout, long startNanos) {
    if (noAudioTimeout.isNegative()) {
      throw new IllegalArgumentException("noAudioTimeout must not be negative: " + noAudioTimeout);
    }
    this.noAudioNanos = noAudioTimeout.toNanos();
    this.lastAudioNanos = startNanos;
  }

  /**
   * @param nowNanos now, on the same clock as the start
   * @param audioPacketsReceived audio packets received so far (telephone events not included)
   * @param datagramsReceived all datagrams received from the peer so far (audio included)
   * @param path the media path's consent state now
   */
  public Verdict check(
      long nowNanos, long audioPacketsReceived, long datagramsReceived, PathState path) {
    if (path == PathState.FAILED) {
      return Verdict.PEER_VANISHED;
    }
    if (audioPacketsReceived != audioPackets || path != PathState.CONNECTED) {
      audioPackets = audioPacketsReceived;
      datagramsAtLastAudio = datagramsReceived;
      lastAudioNanos = nowNanos;
      return Verdict.FINE;
    }
    long silence = nowNanos - lastAudioNanos;
    boolean peerThere = datagramsReceived > datagramsAtLastAudio;
    if (noAudioNanos > 0 && silence >= (peerThere ? noAudioNanos : 2 * noAudioNanos)) {
      return Verdict.NO_AUDIO;
    }
    return Verdict.FINE;
  }

  /**
   * How often to ask: often enough to end within a tenth of the timeout, at most twice a second.
   */
  public static Duration checkInterval(Duration noAudioTimeout) {
    long millis = noAudioTimeout.toMillis() / 10;
    return Duration.ofMillis(Math.max(50, Math.min(500, millis == 0 ? 500 : millis)));
  }
}
