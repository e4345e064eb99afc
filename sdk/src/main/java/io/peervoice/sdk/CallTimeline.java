package io.peervoice.sdk;

import io.peervoice.media.processing.ProcessingStats;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.signaling.DeliveryTiming;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.util.Optional;

/**
 * When a call reached each of its milestones (created, ringing, answered, ended), and the {@link
 * CallStats} snapshot built from them.
 */
final class CallTimeline {
  private final long createdNanos;
  private volatile long ringingNanos = -1;
  private volatile long answeredNanos = -1;
  private volatile long endedNanos = -1;
  private volatile long lookupMillis = -1;
  private volatile long inviteMillis = -1;

  CallTimeline() {
    this(System.nanoTime());
  }

  /** A call created (dialled, or its invite received) at {@code createdNanos}. */
  CallTimeline(long createdNanos) {
    this.createdNanos = createdNanos;
  }

  void ringing() {
    ringingNanos = System.nanoTime();
  }

  void answered() {
    answered(System.nanoTime());
  }

  /** Answered at {@code atNanos} (when the answer arrived, for a caller). */
  void answered(long atNanos) {
    answeredNanos = atNanos;
  }

  /**
   * Our invite, sent at {@code sentNanos}, was delivered: the lookup counts from the call's
   * creation (the dial) to the callee's record found, the invite from there to its delivery. The
   * first delivery only (a re-sent invite changes nothing).
   */
  void inviteDelivered(long sentNanos, DeliveryTiming timing) {
    if (inviteMillis < 0) {
      lookupMillis = Math.max(0, (sentNanos - createdNanos) / 1_000_000) + timing.lookupMillis();
      inviteMillis = timing.deliverMillis();
    }
  }

  void ended() {
    endedNanos = System.nanoTime();
  }

  /** Dial to the callee's record found, once our invite was delivered; -1 before. */
  long lookupMillis() {
    return lookupMillis;
  }

  /** The callee's record found to our invite delivered; -1 before. */
  long inviteMillis() {
    return inviteMillis;
  }

  /** Milliseconds from the answer to {@code atNanos}; -1 if either has not happened (<= 0). */
  static long afterAnswer(long answeredNanos, long atNanos) {
    return answeredNanos < 0 || atNanos <= 0
        ? -1
        : Math.max(0, (atNanos - answeredNanos) / 1_000_000);
  }

  /** A snapshot of the call from its milestones and the given figures. */
  CallStats stats(
      CallState state,
      CallDirection direction,
      boolean held,
      boolean muted,
      Optional<MediaSessionStats> mediaStats,
      int iceRestarts,
      Optional<EndReason> remoteReason,
      CallSupervisor supervisor,
      Optional<ProcessingStats> processing) {
    long answered = answeredNanos;
    long firstAudio = mediaStats.map(MediaSessionStats::firstAudioNanos).orElse(0L);
    long firstPacket = mediaStats.map(MediaSessionStats::firstPacketNanos).orElse(0L);
    return new CallStats(
        state,
        ringingNanos < 0 || direction == CallDirection.INCOMING
            ? -1
            : (ringingNanos - createdNanos) / 1_000_000,
        afterAnswer(answered, firstAudio),
        answered < 0
            ? 0
            : ((endedNanos > 0 ? endedNanos : System.nanoTime()) - answered) / 1_000_000,
        held,
        muted,
        mediaStats,
        iceRestarts,
        remoteReason,
        supervisor.silenceMillis(mediaStats, endedNanos),
        direction == CallDirection.INCOMING ? -1 : lookupMillis,
        direction == CallDirection.INCOMING ? -1 : inviteMillis,
        afterAnswer(answered, firstPacket),
        processing,
        supervisor.devices().deviceStats());
  }
}
