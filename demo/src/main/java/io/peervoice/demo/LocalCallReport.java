package io.peervoice.demo;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.session.MediaSessionStats;

/**
 * What a {@link LocalCall} measured. Frame counts are for the caller → callee direction, whose
 * audio the callee recorded.
 *
 * @param answerToFirstAudioMillis from the callee's answer to the first frame it played from a
 *     received packet
 * @param caller the caller's media snapshot at hang-up
 * @param callee the callee's media snapshot at hang-up
 * @param opusVersion libopus version string
 * @param heard what the callee played out
 */
public record LocalCallReport(
    long answerToFirstAudioMillis,
    MediaSessionStats caller,
    MediaSessionStats callee,
    String opusVersion,
    PcmClip heard) {

  /** Frames the caller sent. */
  public long sentFrames() {
    return caller.send().framesSent();
  }

  /** Frames the callee played from received packets. */
  public long receivedFrames() {
    return callee.receive().framesDecoded();
  }

  /** Frames the callee produced by loss concealment. */
  public long concealedFrames() {
    return callee.receive().framesConcealed();
  }
}
