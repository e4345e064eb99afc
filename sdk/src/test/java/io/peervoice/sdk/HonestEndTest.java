package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.stream.AudioReceiveStats;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.EndReason;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls through three real rendezvous nodes on loopback that end for what really happened: a failed
 * speaker, a peer that sends no audio, a peer process killed mid-call; and a call with DTMF that
 * carried audio both ways and lost nothing.
 */
class HonestEndTest {
  private final SecureRandom random = new SecureRandom();
  private PhoneLab lab;

  @BeforeEach
  void overlay() throws Exception {
    lab = new PhoneLab();
  }

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  /** A talking phone that answers every call, with {@code tweak} applied to its configuration. */
  private Phone phone(Identity id, UnaryOperator<PhoneConfig.Builder> tweak) throws Exception {
    return lab.phone(
        id,
        b ->
            tweak.apply(
                b.audioSource(call -> LoopingSource.forever(SpeechSample.load()))
                    .listeners(
                        call ->
                            new CallListener() {
                              @Override
                              public void onRinging(Call c) {
                                if (c.direction() == CallDirection.INCOMING) {
                                  c.answer();
                                }
                              }
                            })));
  }

  private static Call incoming(Phone p) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> p.calls().size() == 1);
    return p.calls().get(0);
  }

  @Test
  void aSpeakerThatFailsMidCallEndsItDeviceFailedAndThePeerLearnsWhy() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    AtomicInteger played = new AtomicInteger();
    AudioSink failing =
        frame -> {
          if (played.incrementAndGet() > 25) {
            throw new IllegalStateException("speaker unplugged");
          }
        };
    Phone a = phone(alice, b -> b);
    Phone b = phone(bob, c -> c.audioSink(call -> failing));
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Call answered = incoming(b);
    assertThat(answered.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.DEVICE_FAILED);
    assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
    assertThat(call.remoteReason()).contains(EndReason.DEVICE_FAILED);
    assertThat(call.stats().remoteReason()).contains(EndReason.DEVICE_FAILED);
    assertThat(answered.remoteReason()).isEmpty();
    assertThat(played).as("the failed speaker is not asked again").hasValue(26);
  }

  @Test
  void aSpeakerThatCannotOpenEndsTheCallDeviceFailed() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone a = phone(alice, b -> b);
    java.util.concurrent.CompletableFuture<Call> rang =
        new java.util.concurrent.CompletableFuture<>();
    Phone b =
        phone(
            bob,
            c ->
                c.audioSink(
                        call -> {
                          throw new IllegalStateException("no speaker: Line unavailable");
                        })
                    .listeners(
                        call ->
                            new CallListener() {
                              @Override
                              public void onRinging(Call in) {
                                rang.complete(in);
                                in.answer();
                              }
                            }));
    Call call = a.call(bob.peerId());
    Call answered = rang.get(20, TimeUnit.SECONDS);
    assertThat(answered.ended().get(20, TimeUnit.SECONDS)).isEqualTo(EndReason.DEVICE_FAILED);
    assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
    assertThat(call.remoteReason()).contains(EndReason.DEVICE_FAILED);
    assertThat(b.incomingStats().signalingFailures()).as("not a bug: a device").isZero();
  }

  @Test
  void aPeerThatSendsNoAudioEndsTheCallNoAudioAndIsTold() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    ScheduledThreadPoolExecutor bobClock = new ScheduledThreadPoolExecutor(1);
    lab.add(bobClock::shutdownNow);
    Phone a = phone(alice, c -> c.noAudioTimeout(Duration.ofSeconds(1)));
    Phone b = phone(bob, c -> c.mediaClock(bobClock));
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Call answered = incoming(b);
    answered.mediaStarted().get(10, TimeUnit.SECONDS);
    assertThat(call.state()).isEqualTo(io.peervoice.signaling.call.CallState.ACTIVE);

    bobClock.shutdownNow(); // bob's media stops; its ICE agent still answers consent checks
    long stopped = System.nanoTime();
    assertThat(call.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.NO_AUDIO);
    long afterMillis = (System.nanoTime() - stopped) / 1_000_000;
    assertThat(afterMillis)
        .as("nothing but consent from bob: twice the 1 s timeout, give or take a check")
        .isBetween(1_000L, 5_000L);
    assertThat(answered.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
    assertThat(answered.remoteReason()).contains(EndReason.NO_AUDIO);
  }

  @Test
  void aCallWithDtmfCarriesAudioBothWaysLosesNothingAndHangsUpWithAReason() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    List<Character> digits = new CopyOnWriteArrayList<>();
    Phone a = phone(alice, b -> b);
    Phone b =
        phone(
            bob,
            c ->
                c.listeners(
                    call ->
                        new CallListener() {
                          @Override
                          public void onRinging(Call in) {
                            in.answer();
                          }

                          @Override
                          public void onDtmf(Call in, char digit) {
                            digits.add(digit);
                          }
                        }));
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Call answered = incoming(b);
    answered.mediaStarted().get(10, TimeUnit.SECONDS);
    call.sendDtmf("123#");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(digits).containsExactly('1', '2', '3', '#'));
    // the reports after the digits: RTCP on both sides counts the 28 event packets as received
    long reports = call.stats().media().orElseThrow().rtcp().reportsReceived();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> call.stats().media().orElseThrow().rtcp().reportsReceived() >= reports + 2);

    AudioReceiveStats heard = answered.stats().media().orElseThrow().receive();
    assertThat(heard.dtmfPackets()).isEqualTo(4 * 7);
    assertThat(heard.playout().buffer().nonAudioPackets()).isEqualTo(4 * 7);
    assertThat(heard.playout().buffer().lostFrames()).isZero();
    assertThat(answered.stats().media().orElseThrow().rtcp().packetsLost()).isZero();
    CallStats stats = call.stats();
    assertThat(stats.media().orElseThrow().rtcp().remotePacketsLost())
        .as("what bob's receiver report says of ours")
        .isZero();
    assertThat(stats.peerPacketsReceived())
        .as("audio frames and event packets sent, up to the last report")
        .isPositive()
        .isLessThanOrEqualTo(
            stats.media().orElseThrow().send().framesSent()
                + stats.media().orElseThrow().send().eventPackets());
    assertThat(stats.audioFramesReceived()).isPositive();
    assertThat(stats.audioBothWays()).isTrue();
    assertThat(answered.stats().audioBothWays()).isTrue();

    call.hangup();
    assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.LOCAL_HANGUP);
    assertThat(answered.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
    assertThat(answered.remoteReason()).contains(EndReason.LOCAL_HANGUP);
    assertThat(call.stats().audioBothWays()).as("kept after the end").isTrue();
    assertThat(call.stats().audioSilenceMillis())
        .as("audio came until the end")
        .isBetween(0L, 500L);
  }

  @Test
  void aPeerProcessKilledMidCallEndsItPeerVanished() throws Exception {
    List<String> peerOut = new CopyOnWriteArrayList<>();
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(VanishingPeer.class.getName());
    lab.nodes().forEach(n -> command.add(Integer.toString(n.getPort())));
    Process peer = new ProcessBuilder(command).redirectErrorStream(true).start();
    lab.add(peer::destroyForcibly);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  peerOut.add(line);
                }
              } catch (java.io.IOException e) {
                // the process is gone
              }
            });
    reader.setDaemon(true);
    reader.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> peerOut.stream().anyMatch(l -> l.startsWith("ready ")));
    String peerId =
        peerOut.stream().filter(l -> l.startsWith("ready ")).findFirst().orElseThrow().substring(6);

    Phone a = phone(Identity.generate(random), c -> c); // consent: lost after 6 s, expired 30 s
    Call call = a.call(io.peervoice.signaling.PeerId.parse(peerId));
    call.mediaStarted().get(30, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> call.stats().audioBothWays());

    assertThat(call.stats().audioSilenceMillis()).isBetween(0L, 1_000L);
    peer.destroyForcibly(); // SIGKILL: no hang-up, no goodbye
    long killed = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> call.stats().audioSilenceMillis() >= 1_500);
    assertThat(call.state())
        .as("long before consent expires")
        .isEqualTo(io.peervoice.signaling.call.CallState.ACTIVE);
    assertThat(call.ended().get(40, TimeUnit.SECONDS)).isEqualTo(EndReason.PEER_VANISHED);
    long afterMillis = (System.nanoTime() - killed) / 1_000_000;
    // consent is checked every 5 s and lost after 6 s without an answer; the ICE restart offer
    // sent then finds no peer through the overlay either: long before consent expires (30 s)
    assertThat(afterMillis).as("consent lost, restart undeliverable").isBetween(1_000L, 15_000L);
    assertThat(call.remoteReason()).isEmpty();
  }
}
