package io.peervoice.session;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.nat.MediaPath;
import io.peervoice.session.internal.ActivePath;
import io.peervoice.session.internal.CallMedia;

/** Builds a {@link MediaSessionStats} snapshot from a session's path and running media. */
final class MediaStatsSnapshot {
  private MediaStatsSnapshot() {}

  static MediaSessionStats of(
      MediaPath path, CallMedia running, SrtpKeyMaterial sendKey, ActivePath active) {
    return new MediaSessionStats(
        path.localCandidate().type(),
        path.remoteCandidate().type(),
        path.loopbackFallback(),
        path.connectDuration().toMillis(),
        path.timings(),
        sendKey.profile(),
        running.sendStats(),
        running.rtcpStats(),
        running.receiveStats(),
        running.firstAudioNanos(),
        active.droppedForeignSource(),
        running.keyDerivations());
  }
}
