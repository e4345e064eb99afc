package io.peervoice.session;

import io.peervoice.nat.MediaPath;
import io.peervoice.session.internal.ActivePath;
import io.peervoice.session.internal.CallMedia;

/**
 * Builds a {@link MediaSessionStats} snapshot from a session's path, running media and its SRTP
 * keys (their profile; the keying's handshake time).
 */
final class MediaStatsSnapshot {
  private MediaStatsSnapshot() {}

  static MediaSessionStats of(
      MediaPath path, CallMedia running, SessionKeys keys, ActivePath active) {
    return new MediaSessionStats(
        path.localCandidate().type(),
        path.remoteCandidate(),
        path.loopbackFallback(),
        path.connectDuration().toMillis(),
        path.timings(),
        keys.inUse().profile(),
        running.sendStats(),
        running.rtcpStats(),
        running.receiveStats(),
        running.firstAudioNanos(),
        active.droppedForeignSource(),
        running.keyDerivations(),
        running.firstPacketNanos(),
        active.sendDropped(),
        active.receiveDropped(),
        path.relayTransport(),
        path.relayRoundTrip(),
        path.stalls(),
        path.portPrediction(),
        keys.handshakeTime());
  }
}
