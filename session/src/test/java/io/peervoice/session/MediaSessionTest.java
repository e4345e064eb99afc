package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaSessionTest {

  /** Records the period of every fixed-rate task, to check the media clock. */
  static final class RecordingClock extends ScheduledThreadPoolExecutor {
    final List<Long> periodsMillis = new CopyOnWriteArrayList<>();

    RecordingClock() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      periodsMillis.add(unit.toMillis(period));
      return super.scheduleAtFixedRate(command, initialDelay, period, unit);
    }
  }

  private final RecordingClock clock = new RecordingClock();
  private final MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
  private final PresharedKeys keys = TwoSessions.keys();

  @AfterEach
  void stop() {
    clock.shutdownNow();
  }

  @Test
  void mediaRunsOnASteadyTwentyMillisecondClock() throws Exception {
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      TwoSessions.start(caller, io.peervoice.media.audio.SpeechSample.load().asSource(), callee);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= 10);
    }
    assertThat(clock.periodsMillis)
        .as("media clocks at 20 ms, RTCP at 1 s; consent is watched by deadlines, never polled")
        .containsOnly(20L, 1_000L)
        .filteredOn(p -> p == 20L)
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void statsAfterCloseAreTakenOnceTheMediaStoppedAndCountEveryPacketSent() throws Exception {
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      TwoSessions.start(caller, io.peervoice.media.audio.ToneSource.continuous(440, -20), callee);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().audioPackets() >= 10);

      caller.close(); // its ticks stop before close returns
      long sent = caller.stats().send().framesSent();

      // every packet the caller sent arrives (loopback), and none it did not count
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().audioPackets() >= sent);
      assertThat(callee.stats().receive().audioPackets()).isEqualTo(sent);
      assertThat(caller.stats().send().framesSent()).as("no tick after close").isEqualTo(sent);
      assertThat(caller.stats().sendDropped()).isZero();
      assertThat(caller.stats().receiveDropped()).isZero();
    }
  }

  @Test
  void dtmfDigitsArriveBothWaysDuringACall() throws Exception {
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      List<io.peervoice.media.dtmf.DtmfDigit> atCallee = new CopyOnWriteArrayList<>();
      List<io.peervoice.media.dtmf.DtmfDigit> atCaller = new CopyOnWriteArrayList<>();
      callee.onDtmf(atCallee::add);
      caller.onDtmf(atCaller::add);
      TwoSessions.start(caller, AudioSource.silence(), callee);
      caller.sendDtmf("12#");
      callee.sendDtmf("5");
      assertThatThrownBy(() -> caller.sendDtmf("1x")).hasMessageContaining("'x'");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(atCallee)
                    .extracting(io.peervoice.media.dtmf.DtmfDigit::digit)
                    .containsExactly('1', '2', '#');
                assertThat(atCaller)
                    .extracting(io.peervoice.media.dtmf.DtmfDigit::digit)
                    .containsExactly('5');
              });
      assertThat(atCallee.get(0).duration()).isEqualTo(Duration.ofMillis(100));
    }
  }

  @Test
  void anIceRestartMovesMediaToANewPathKeepingSrtpAndRtpState() throws Exception {
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      String firstUfrag = caller.localDescription().ice().ufrag();
      TwoSessions.talk(caller, callee);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= 25);

      SessionDescription offer = caller.prepareIceRestart();
      SessionDescription answer = callee.prepareIceRestart();
      assertThat(offer.ice().ufrag()).isNotEqualTo(firstUfrag);
      assertThat(offer.ssrc()).isEqualTo(caller.localDescription().ssrc());
      CompletableFuture.allOf(callee.completeIceRestart(offer), caller.completeIceRestart(answer))
          .get(30, TimeUnit.SECONDS);
      assertThat(caller.localDescription().ice().ufrag()).isEqualTo(offer.ice().ufrag());

      long atSwitch = callee.stats().receive().framesDecoded();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= atSwitch + 50);
      var rx = callee.stats().receive();
      assertThat(rx.srtpRejectedTotal()).as("SRTP rollover state kept").isZero();
      assertThat(rx.playout().buffer().ssrcChanges()).isZero();
      assertThat(rx.playout().buffer().lostFrames() + rx.playout().buffer().latePackets())
          .as("RTP sequence numbers carried on across the switch")
          .isLessThanOrEqualTo(5);
    }
  }

  @Test
  void aNetworkChangeAsksOnceForARestartThatMovesMediaToANewPath() throws Exception {
    java.util.concurrent.ExecutorService signaling =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    var addresses =
        new java.util.concurrent.atomic.AtomicReference<java.util.Set<java.net.InetAddress>>(
            java.util.Set.of(java.net.InetAddress.getByName("192.0.2.10")));
    List<RestartReason> asked = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch bothCued = new java.util.concurrent.CountDownLatch(2);
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer());
        io.peervoice.nat.NetworkMonitor monitor =
            io.peervoice.nat.NetworkMonitor.start(
                addresses::get,
                clock,
                Duration.ofMillis(20),
                () -> {
                  caller.networkChanged();
                  bothCued.countDown();
                })) {
      String firstUfrag = caller.localDescription().ice().ufrag();
      caller.onRestartNeeded(
          reason -> {
            asked.add(reason);
            signaling.execute(
                () -> {
                  try {
                    // the restart ends only after both cues of the one change came in: a fast
                    // restart could otherwise end first, and the late cue would start another
                    assertThat(bothCued.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    SessionDescription offer = caller.prepareIceRestart();
                    SessionDescription answer = callee.prepareIceRestart();
                    callee.completeIceRestart(offer);
                    caller.completeIceRestart(answer);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
          });
      TwoSessions.talk(caller, callee);

      addresses.set(java.util.Set.of(java.net.InetAddress.getByName("192.0.2.11")));
      caller.networkChanged();
      bothCued.countDown();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !caller.localDescription().ice().ufrag().equals(firstUfrag));
      assertThat(asked).as("two cues, one restart").containsExactly(RestartReason.NETWORK_CHANGED);

      long atSwitch = callee.stats().receive().framesDecoded();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= atSwitch + 25);
      assertThat(callee.stats().receive().srtpRejectedTotal()).isZero();
    } finally {
      signaling.shutdownNow();
    }
  }

  @Test
  void iceConnectsWhileRingingAndMediaStartsOnAnswer() throws Exception {
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer())) {
      TwoSessions.connect(caller, callee);
      assertThat(caller.state()).isEqualTo(MediaSession.State.CONNECTED);
      assertThat(callee.state()).isEqualTo(MediaSession.State.CONNECTED);
      assertThatThrownBy(caller::stats).hasMessageContaining("no media yet");
      assertThatThrownBy(() -> caller.sendDtmf("1")).isInstanceOf(IllegalStateException.class);

      callee.startMedia(AudioSource.silence(), new PcmRecorder(5));
      caller.startMedia(
          io.peervoice.media.audio.LoopingSource.forever(
              io.peervoice.media.audio.SpeechSample.load()),
          new PcmRecorder(5));
      assertThat(caller.state()).isEqualTo(MediaSession.State.ACTIVE);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> callee.stats().receive().framesDecoded() >= 10);
      assertThatThrownBy(() -> caller.startMedia(AudioSource.silence(), new PcmRecorder(1)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void anUnreachablePeerFailsTheCallAtTheIceStepWithAReason() throws Exception {
    MediaSessionConfig impatient =
        MediaSessionConfig.builder(clock)
            .ice(IceConfig.builder().connectTimeout(Duration.ofMillis(500)).build())
            .build();
    try (MediaSession caller = MediaSession.create(impatient, IceRole.CONTROLLING, keys);
        MediaSession other = MediaSession.create(impatient, IceRole.CONTROLLED, keys.peer())) {
      IceCandidate ours = caller.localDescription().ice().candidates().get(0);
      SessionDescription unreachable =
          new SessionDescription(
              new IceParameters(
                  "gone",
                  "p".repeat(24),
                  List.of(
                      new IceCandidate(
                          "1", 1, 100, ours.address(), 9, CandidateType.HOST, null, 0))),
              7,
              111,
              101);
      CompletableFuture<Void> started =
          caller.start(unreachable, AudioSource.silence(), new PcmRecorder(1));
      assertThatThrownBy(() -> started.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              CallFailedException.class,
              e -> {
                assertThat(e.step()).isEqualTo(CallStep.ICE);
                assertThat(e.userMessage()).startsWith("call failed at ICE connectivity: ");
              });
      assertThat(caller.state()).isEqualTo(MediaSession.State.FAILED);
      assertThatThrownBy(caller::stats).isInstanceOf(IllegalStateException.class);
    }
  }
}
