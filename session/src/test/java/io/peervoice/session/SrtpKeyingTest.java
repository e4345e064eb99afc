package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceRole;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keying contract over real sockets: media starts only once a path is selected and the keying
 * strategy gave the keys, a restart asks it again, and keys that do not match never play.
 */
class SrtpKeyingTest {
  private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(2);
  private final MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void stop() {
    clock.shutdownNow();
  }

  /**
   * A strategy that records what it was asked (restart count, selected pair) and answers {@code
   * keys}.
   */
  private static final class Recording implements SrtpKeying {
    final List<Integer> restarts = new CopyOnWriteArrayList<>();
    final List<IceCandidate> localEnds = new CopyOnWriteArrayList<>();
    final List<SrtpKeys> answers;

    Recording(SrtpKeys... answers) {
      this.answers = List.of(answers);
    }

    @Override
    public CompletionStage<SrtpKeys> keys(KeyingPath path) {
      restarts.add(path.iceRestarts());
      localEnds.add(path.localCandidate());
      return CompletableFuture.completedStage(
          answers.get(Math.min(restarts.size(), answers.size()) - 1));
    }
  }

  @Test
  void mediaWaitsForAgreedKeysAndStartsWhenTheyComeAfterIceConnected() throws Exception {
    AgreedKeying callerKeys = SrtpKeying.agreed();
    AgreedKeying calleeKeys = SrtpKeying.agreed();
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, callerKeys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, calleeKeys)) {
      TwoSessions.connect(caller, callee);
      CompletableFuture<Void> calleeMedia =
          callee.startMedia(AudioSource.silence(), new PcmRecorder(5));
      CompletableFuture<Void> callerMedia =
          caller.startMedia(LoopingSource.forever(SpeechSample.load()), new PcmRecorder(5));
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !callerMedia.isDone() && !calleeMedia.isDone());
      assertThat(caller.state()).isEqualTo(MediaSession.State.CONNECTED);
      assertThatThrownBy(caller::stats).hasMessageContaining("no media yet");
      assertThatThrownBy(() -> caller.startMedia(AudioSource.silence(), new PcmRecorder(1)))
          .as("media was asked for once already")
          .isInstanceOf(IllegalStateException.class);

      PresharedKeys agreed = PresharedKeys.random(SrtpProfile.AEAD_AES_128_GCM, random);
      callerKeys.complete(agreed.keys());
      calleeKeys.complete(agreed.peer().keys());
      CompletableFuture.allOf(callerMedia, calleeMedia).get(10, TimeUnit.SECONDS);
      assertThat(caller.state()).isEqualTo(MediaSession.State.ACTIVE);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= 10);
      assertThat(callee.stats().receive().srtpRejectedTotal()).isZero();
      assertThat(caller.stats().srtpProfile())
          .as("the profile of the keys in use, not the configured default")
          .isEqualTo(SrtpProfile.AEAD_AES_128_GCM)
          .isNotEqualTo(config.srtpProfile());
      assertThatThrownBy(() -> callerKeys.complete(agreed.keys()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void keysAgreedBeforeIceConnectsStartMediaAsSoonAsAPathIsSelected() throws Exception {
    AgreedKeying callerKeys = SrtpKeying.agreed();
    AgreedKeying calleeKeys = SrtpKeying.agreed();
    PresharedKeys agreed = PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    callerKeys.complete(agreed.keys());
    calleeKeys.complete(agreed.peer().keys());
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, callerKeys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, calleeKeys)) {
      TwoSessions.talk(caller, callee);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= 10);
    }
  }

  @Test
  void aFailedKeyingFailsTheMediaAtTheMediaStep() throws Exception {
    AgreedKeying callerKeys = SrtpKeying.agreed();
    PresharedKeys keys = PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, callerKeys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      CompletableFuture<Void> calleeUp =
          callee.start(caller.localDescription(), AudioSource.silence(), new PcmRecorder(5));
      CompletableFuture<Void> callerUp =
          caller.start(callee.localDescription(), AudioSource.silence(), new PcmRecorder(5));
      calleeUp.get(30, TimeUnit.SECONDS);
      callerKeys.fail(new IllegalStateException("no common SRTP profile"));
      assertThatThrownBy(() -> callerUp.get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              CallFailedException.class,
              e -> {
                assertThat(e.step()).isEqualTo(CallStep.MEDIA);
                assertThat(e.getMessage()).contains("SRTP keying", "no common SRTP profile");
              });
      assertThat(caller.state()).isEqualTo(MediaSession.State.CONNECTED);
    }
  }

  @Test
  void aRestartAsksTheStrategyAgainAndTheSameKeysKeepSrtpAndRtpStateGoing() throws Exception {
    PresharedKeys keys = PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    Recording callerKeys = new Recording(keys.keys());
    Recording calleeKeys = new Recording(keys.peer().keys());
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, callerKeys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, calleeKeys)) {
      talk(caller, callee);
      assertThat(callerKeys.restarts).containsExactly(0);

      restart(caller, callee).get(30, TimeUnit.SECONDS);
      assertThat(callerKeys.restarts).as("asked again after the restart").containsExactly(0, 1);
      assertThat(calleeKeys.restarts).containsExactly(0, 1);
      assertThat(callerKeys.localEnds.get(1))
          .as("the keying path follows the restart to the new pair")
          .isNotEqualTo(callerKeys.localEnds.get(0));

      long atSwitch = callee.stats().receive().framesDecoded();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= atSwitch + 50);
      var rx = callee.stats().receive();
      assertThat(rx.srtpRejectedTotal()).as("SRTP contexts and rollover counters kept").isZero();
      assertThat(rx.playout().buffer().ssrcChanges()).isZero();
      assertThat(rx.playout().buffer().lostFrames() + rx.playout().buffer().latePackets())
          .as("RTP sequence numbers carried on across the switch")
          .isLessThanOrEqualTo(5);
      assertThat(callee.stats().srtpKeyDerivations())
          .as("no new key derivation after the restart: SRTP and SRTCP of the caller")
          .isEqualTo(2);
    }
  }

  @Test
  void otherKeysAfterARestartAreHandedToTheSrtpStageOfBothSides() throws Exception {
    PresharedKeys keys = PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    PresharedKeys other = PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    Recording callerKeys = new Recording(keys.keys(), other.keys());
    Recording calleeKeys = new Recording(keys.peer().keys(), other.peer().keys());
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, callerKeys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, calleeKeys)) {
      talk(caller, callee);
      long derivationsBefore = callee.stats().srtpKeyDerivations();

      restart(caller, callee).get(30, TimeUnit.SECONDS);

      long atSwitch = callee.stats().receive().framesDecoded();
      long rejectedAtSwitch = callee.stats().receive().srtpRejectedTotal();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= atSwitch + 50);
      assertThat(callee.stats().firstPacketNanos())
          .as("the first authenticated packet came before its frame played")
          .isPositive()
          .isLessThanOrEqualTo(callee.stats().firstAudioNanos());
      assertThat(callee.stats().srtpKeyDerivations())
          .as("the new keys were derived: the SRTP stage was rekeyed")
          .isGreaterThan(derivationsBefore);
      assertThat(callee.stats().receive().srtpRejectedTotal() - rejectedAtSwitch)
          .as("after both switched, the peer's packets pass under the new keys")
          .isLessThanOrEqualTo(5);
    }
  }

  @Test
  void wrongKeysAreRejectedBySrtpAndNoAudioPlays() throws Exception {
    PresharedKeys callerKeys = PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    PresharedKeys calleeKeys = PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, callerKeys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, calleeKeys)) {
      talk(caller, callee);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().srtpRejectedTotal() >= 25);
      var rx = callee.stats().receive();
      assertThat(rx.srtpRejected()).containsKey(SrtpRejection.AUTH_FAILED);
      assertThat(rx.audioPackets()).isZero();
      assertThat(rx.framesDecoded()).isZero();
      assertThat(callee.stats().firstAudioNanos()).isEqualTo(-1);
      assertThat(callee.stats().firstPacketNanos())
          .as("no packet passed SRTP: no first packet")
          .isEqualTo(-1);
      assertThat(caller.stats().firstPacketNanos()).isEqualTo(-1);
    }
  }

  /**
   * A handshake-shaped strategy (a stand-in for DTLS-SRTP's, RFC 5764): each side sends its send
   * key in datagrams whose first byte is 22 (a DTLS handshake record's content type) on the keying
   * path, retransmitting every 50 ms, and takes the peer's from what {@link KeyingPath#receive}
   * hands it. Those datagrams never reach SRTP, even while media runs.
   */
  @Test
  void aHandshakeOverTheKeyingPathGivesTheKeysAndItsDatagramsStayOutOfTheMedia() throws Exception {
    try (MediaSession caller =
            MediaSession.create(config, IceRole.CONTROLLING, new Handshake(clock, random));
        MediaSession callee =
            MediaSession.create(config, IceRole.CONTROLLED, new Handshake(clock, random))) {
      talk(caller, callee);
      long rejected = callee.stats().receive().srtpRejectedTotal();
      long at = callee.stats().receive().framesDecoded();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= at + 25);
      assertThat(callee.stats().receive().srtpRejectedTotal()).isEqualTo(rejected).isZero();
      assertThat(callee.stats().receive().malformedRtp()).isZero();
    }
  }

  private static final class Handshake implements SrtpKeying {
    private static final int HANDSHAKE = 22;
    private final ScheduledThreadPoolExecutor timer;
    private final SrtpKeyMaterial send;

    Handshake(ScheduledThreadPoolExecutor timer, SecureRandom random) {
      this.timer = timer;
      this.send = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    }

    @Override
    public CompletionStage<SrtpKeys> keys(KeyingPath path) {
      CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
      path.receive(
          (data, offset, length) -> {
            byte[] inline = Arrays.copyOfRange(data, offset + 1, offset + length);
            keys.complete(
                new SrtpKeys(
                    send,
                    SrtpKeyMaterial.fromInline(
                        SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                        new String(inline, java.nio.charset.StandardCharsets.US_ASCII))));
          });
      byte[] inline = send.toInline().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] record = new byte[1 + inline.length];
      record[0] = HANDSHAKE;
      System.arraycopy(inline, 0, record, 1, inline.length);
      timer.scheduleAtFixedRate(
          () -> {
            try {
              path.send(record, 0, record.length);
            } catch (IOException e) {
              // the path closed: the test is over
            }
          },
          0,
          50,
          TimeUnit.MILLISECONDS);
      return keys;
    }
  }

  /** Caller sends speech, callee plays it; both active and the callee receiving. */
  private static void talk(MediaSession caller, MediaSession callee) throws Exception {
    TwoSessions.talk(caller, callee);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> callee.stats().receive().packetsReceived() >= 25);
  }

  private static CompletableFuture<Void> restart(MediaSession caller, MediaSession callee)
      throws Exception {
    SessionDescription offer = caller.prepareIceRestart();
    SessionDescription answer = callee.prepareIceRestart();
    return CompletableFuture.allOf(
        callee.completeIceRestart(offer), caller.completeIceRestart(answer));
  }
}
