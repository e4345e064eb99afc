package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.impair.ImpairmentSpec;
import io.peervoice.media.quality.EModel;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.CandidateType;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end, all real: ice4j over a real interface, Opus, RTP, SRTP with
 * fresh keys per direction, jitter buffer, decode; the callee must hear the caller's speech.
 */
class LocalCallTest {
  private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1);
  private final PcmClip speech = SpeechSample.load();

  @AfterEach
  void stop() {
    clock.shutdownNow();
  }

  @Test
  void theCalleeHearsTheCallersSpeech() throws Exception {
    MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
    Duration talk = Duration.ofMillis((long) (speech.durationSeconds() * 1000) + 200);

    LocalCallReport report = LocalCall.run(config, speech, talk);

    assertThat(report.sentFrames()).isGreaterThanOrEqualTo(talk.toMillis() / 20);
    assertThat(report.receivedFrames()).isGreaterThanOrEqualTo((long) (0.95 * report.sentFrames()));
    assertThat(report.callee().receive().srtpRejectedTotal()).isZero();
    assertThat(report.caller().receive().framesDecoded())
        .as("the return direction carries media too")
        .isGreaterThan(0);
    assertThat(report.callee().srtpProfile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(report.callee().loopbackFallback()).isFalse();
    assertThat(report.callee().localCandidateType()).isEqualTo(CandidateType.HOST);
    assertThat(report.answerToFirstAudioMillis()).isPositive();
    assertThat(EnvelopeSimilarity.compare(speech, report.heard(), 2000).correlation())
        .isGreaterThanOrEqualTo(0.9);

    RtcpStats calleeRtcp = report.callee().rtcp();
    RtcpStats callerRtcp = report.caller().rtcp();
    assertThat(calleeRtcp.packetsReceived())
        .as("RTCP reception statistics count what the jitter buffer saw")
        .isEqualTo(report.callee().receive().playout().buffer().packetsAccepted());
    assertThat(calleeRtcp.packetsLost()).isZero();
    assertThat(calleeRtcp.jitter()).isBetween(0.0, 0.05);
    assertThat(callerRtcp.reportsReceived()).isGreaterThanOrEqualTo(3);
    assertThat(callerRtcp.roundTripTime()).isPresent();
    assertThat(callerRtcp.roundTripTime().getAsDouble()).isBetween(0.0, 0.5);
    assertThat(callerRtcp.remoteFractionLost()).isZero();
  }

  @Test
  void throughTenPercentLossAndJitterFecAndTheJitterBufferKeepTheSpeechIntelligible()
      throws Exception {
    MediaSessionConfig config =
        MediaSessionConfig.builder(clock)
            .outboundImpairment(ImpairmentSpec.parse("loss=10,jitter=15,delay=35,seed=7"))
            .build();
    Duration talk = Duration.ofMillis((long) (speech.durationSeconds() * 1000) + 200);

    LocalCallReport report = LocalCall.run(config, speech, talk);

    RtcpStats calleeRtcp = report.callee().rtcp();
    double lossPercent =
        100.0
            * calleeRtcp.packetsLost()
            / (calleeRtcp.packetsLost() + calleeRtcp.packetsReceived());
    assertThat(lossPercent).isBetween(5.0, 15.0);
    assertThat(report.caller().rtcp().remoteFractionLost()).isPositive();
    assertThat(report.callee().receive().playout().fecRecoveredFrames()).isPositive();
    // The score counts the loss left after FEC (MediaSessionStats.quality), not the loss on the
    // wire: with this seed FEC makes up all but 1 to 3 of the ~32 lost frames, which scores MOS
    // 4.25 to 4.33, near a clean call's. A fixed bound of 4.3 sat inside that range (4.32 seen:
    // one frame concealed). What must hold: FEC made up lost frames, and the score stays below the
    // E-model's best and well above unintelligible.
    long concealedFrames =
        report.callee().receive().playout().concealedSamples() / PcmFormat.FRAME_SAMPLES;
    assertThat(concealedFrames).isLessThan(calleeRtcp.packetsLost());
    assertThat(report.callee().quality().mos())
        .isLessThan(EModel.mos(EModel.DEFAULT_RO_MINUS_IS))
        .isGreaterThan(2.5);
    assertThat(EnvelopeSimilarity.compare(speech, report.heard(), 2000).correlation())
        .isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void eachDirectionHasItsOwnFreshKey() throws Exception {
    MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
    io.peervoice.session.PresharedKeys keys = LocalCall.keys(config);
    assertThat(keys.keys().send()).isNotEqualTo(keys.keys().receive());
    assertThat(keys.peer().keys().send()).isEqualTo(keys.keys().receive());
    assertThat(keys.peer().keys().receive()).isEqualTo(keys.keys().send());
    assertThat(keys.keys().profile()).isEqualTo(config.srtpProfile());
    try (MediaSession a = MediaSession.create(config, io.peervoice.nat.IceRole.CONTROLLING, keys);
        MediaSession b =
            MediaSession.create(config, io.peervoice.nat.IceRole.CONTROLLED, keys.peer())) {
      assertThat(a.localDescription().ssrc()).isNotEqualTo(b.localDescription().ssrc());
      assertThat(a.state()).isEqualTo(MediaSession.State.NEW);
    }
  }
}
