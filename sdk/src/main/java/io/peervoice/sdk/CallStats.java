package io.peervoice.sdk;

import io.peervoice.media.audio.DeviceStats;
import io.peervoice.media.processing.ProcessingStats;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a call.
 *
 * <p>Whether audio flowed both ways ({@link #audioBothWays()}) is judged from both ends' counts:
 * what we decoded from the peer ({@link #audioFramesReceived()}) and what the peer's RTCP receiver
 * reports say arrived of ours ({@link #peerPacketsReceived()}). After the call ended they are the
 * figures of its last moment. A peer whose speaker failed still receives our packets: it ends the
 * call with {@link EndReason#DEVICE_FAILED} and says so, which reaches us as {@link
 * #remoteReason()}.
 *
 * @param state where the call is
 * @param dialToRingingMillis caller: from dialling to the callee's phone ringing (-1 if not yet)
 * @param answerToFirstAudioMillis from the answer (a callee's: its {@code answer()}, making its
 *     media session included; a caller's: the ANSWER's arrival) to the first decoded audio frame
 *     (-1 if not yet)
 * @param durationMillis since the answer (0 before)
 * @param onHold whether we put it on hold
 * @param muted whether our microphone is muted
 * @param media the media engine's figures once media runs
 * @param iceRestarts ICE restarts completed (after consent loss or a network change)
 * @param remoteReason why the peer ended the call, once it did ({@link Call#remoteReason()})
 * @param audioSilenceMillis how long before this snapshot (or before the end of the call) the last
 *     audio packet from the peer arrived; -1 if none ever did. A peer that vanished shows a growing
 *     silence well before its consent expires ({@link EndReason#PEER_VANISHED}); a caller that
 *     hangs up meanwhile can tell its call from a good one by it
 * @param lookupMillis caller: from dialling to the callee's location record found in the overlay
 *     (-1 if not yet, or an incoming call)
 * @param inviteMillis caller: from the callee's record found to a node confirming it handed our
 *     invite to the callee (-1 if not yet, or an incoming call); the callee's ringing reply takes
 *     the rest of {@code dialToRingingMillis}
 * @param answerToFirstPacketMillis from the answer to the first media packet that passed SRTP (-1
 *     if not yet); {@code answerToFirstAudioMillis} adds the jitter buffer and the decoder
 * @param audioProcessing the audio processing stage's engine and figures (estimated echo path
 *     delay, ERLE) once media runs; empty when nothing is switched on for the call ({@link
 *     PhoneConfig#audioProcessing()})
 * @param devices the capture and playback devices the call's audio source and sink use (their
 *     latency, under-runs and over-runs), empty when they are not devices (files, generated audio)
 */
public record CallStats(
    CallState state,
    long dialToRingingMillis,
    long answerToFirstAudioMillis,
    long durationMillis,
    boolean onHold,
    boolean muted,
    Optional<MediaSessionStats> media,
    int iceRestarts,
    Optional<EndReason> remoteReason,
    long audioSilenceMillis,
    long lookupMillis,
    long inviteMillis,
    long answerToFirstPacketMillis,
    Optional<ProcessingStats> audioProcessing,
    List<DeviceStats> devices) {

  public CallStats {
    devices = List.copyOf(devices);
  }

  /** Audio frames we decoded from the peer's packets (telephone events not included); 0 before. */
  public long audioFramesReceived() {
    return media.map(m -> m.receive().framesDecoded()).orElse(0L);
  }

  /**
   * Our packets (audio and telephone events) that the peer's last RTCP receiver report says
   * arrived; -1 before its first report on our stream (a PeerVoice phone reports once a second, a
   * browser every 2.5 to 7.5 s).
   */
  public long peerPacketsReceived() {
    return media.map(m -> m.rtcp().remotePacketsReceived()).orElse(-1L);
  }

  /**
   * Whether audio flowed both ways: we decoded audio from the peer, and the peer reported receiving
   * packets of ours, or sent no RTCP report at all in a call shorter than a browser's latest first
   * report (7.5 s after the answer, {@link #peerNotReportedYet()}): then nothing says our audio was
   * lost. A peer silent in RTCP for longer does not count as hearing us.
   */
  public boolean audioBothWays() {
    return audioFramesReceived() > 0
        && (peerPacketsReceived() > 0
            || (peerNotReportedYet() && durationMillis() < FIRST_REPORT_MILLIS));
  }

  private static final long FIRST_REPORT_MILLIS = 7_500;

  /**
   * Whether the peer has sent no RTCP report yet, so whether it hears us is not known. A PeerVoice
   * phone reports once a second; a browser (libwebrtc: a 5 s audio report interval) sends its first
   * receiver report about 2.5 s after the answer and then every 2.5 to 7.5 s, so a shorter call
   * with a browser ends before any. A peer that reports without a block on our stream heard none of
   * it.
   */
  public boolean peerNotReportedYet() {
    return media.map(m -> m.rtcp().reportsReceived() == 0).orElse(true);
  }
}
