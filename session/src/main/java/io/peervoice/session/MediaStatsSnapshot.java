package io.peervoice.session;

import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.MediaPath;
import io.peervoice.session.internal.ActivePath;
import io.peervoice.session.internal.CallMedia;

/**
 * Builds a {@link MediaSessionStats} snapshot from a session's path, running media and the profile
 * of the SRTP keys in use.
 */
final class MediaStatsSnapshot {
  private MediaStatsSnapshot() {}

  static MediaSessionStats of(
      MediaPath path, CallMedia running, SrtpProfile profile, ActivePath active) {
    return new MediaSessionStats(
        path.localCandidate().type(),
        path.remoteCandidate().type(),
        path.loopbackFallback(),
        path.connectDuration().toMillis(),
        path.timings(),
        profile,
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
        path.portPrediction());
  }
}
