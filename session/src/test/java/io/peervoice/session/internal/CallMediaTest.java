package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.ToneSource;
import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.media.pipeline.AudioProcessor;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceParameters;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.SessionDescription;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two calls' media wired back to back without a network (A's outbound stage is B's inbound path and
 * the other way round), on a real media clock: audio, DTMF and RTCP flow through every stage, the
 * configured processing chain sees each captured and each played frame, and new keys on both sides
 * keep the call going.
 */
class CallMediaTest {
  private static final IceParameters ICE = new IceParameters("ufrag", "p".repeat(22), List.of());

  private ScheduledExecutorService clock;
  private SecureRandom random;
  private CallMedia alice;
  private CallMedia bob;
  private final CountingProcessor aliceProcessing = new CountingProcessor();
  private final List<DtmfDigit> bobDigits = new CopyOnWriteArrayList<>();

  /** Counts what the chain hands it; its fields are read from the test thread. */
  private static final class CountingProcessor implements AudioProcessor {
    final AtomicInteger captured = new AtomicInteger();
    final AtomicInteger farEnd = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public void process(short[] captureFrame) {
      captured.incrementAndGet();
    }

    @Override
    public void farEnd(short[] playedFrame) {
      farEnd.incrementAndGet();
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @BeforeEach
  void start() throws NoSuchAlgorithmException {
    clock = Executors.newSingleThreadScheduledExecutor();
    random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(21);
    SrtpKeyMaterial aliceKey = key();
    SrtpKeyMaterial bobKey = key();
    SessionDescription a = new SessionDescription(ICE, 0xA11CE, 111, 101);
    SessionDescription b = new SessionDescription(ICE, 0xB0B, 111, 101);
    MediaSessionConfig withProcessing =
        MediaSessionConfig.builder(clock)
            .random(random)
            .processing(List.<Supplier<AudioProcessor>>of(() -> aliceProcessing))
            .build();
    MediaSessionConfig plain = MediaSessionConfig.builder(clock).random(random).build();
    // the test's wire: A's out is B's in and the other way round, once both exist
    AtomicReference<CallMedia> toBob = new AtomicReference<>();
    AtomicReference<CallMedia> toAlice = new AtomicReference<>();
    alice = end(withProcessing, a, new SrtpKeys(aliceKey, bobKey), "alice", b, toBob, 440, d -> {});
    bob = end(plain, b, new SrtpKeys(bobKey, aliceKey), "bob", a, toAlice, 660, bobDigits::add);
    toBob.set(bob);
    toAlice.set(alice);
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    clock.shutdownNow();
  }

  /** One end of the wire: a tone to whatever {@code to} holds, what it plays to nowhere. */
  private static CallMedia end(
      MediaSessionConfig config,
      SessionDescription local,
      SrtpKeys keys,
      String cname,
      SessionDescription remote,
      AtomicReference<CallMedia> to,
      int toneHz,
      Consumer<DtmfDigit> dtmf) {
    CallMedia media =
        new CallMedia(
            config,
            local,
            keys,
            cname,
            remote,
            (d, off, len) -> deliver(to, d, off, len),
            ToneSource.continuous(toneHz, -20),
            frame -> {},
            dtmf);
    media.start(config.mediaClock());
    return media;
  }

  private static void deliver(AtomicReference<CallMedia> to, byte[] data, int offset, int length) {
    CallMedia media = to.get();
    if (media != null) {
      media.onDatagram(data, offset, length);
    }
  }

  private SrtpKeyMaterial key() {
    return SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
  }

  @Test
  void audioDtmfAndRtcpFlowThroughTheStagesAndTheProcessingChainSeesBothDirections() {
    alice.sendDtmf("7");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(bob.receiveStats().framesDecoded()).isGreaterThan(50);
              assertThat(bob.rtcpStats().reportsReceived()).isPositive();
              assertThat(alice.rtcpStats().reportsReceived()).isPositive();
              assertThat(bobDigits).extracting(DtmfDigit::digit).containsExactly('7');
            });
    assertThat(bob.receiveStats().srtpRejectedTotal()).isZero();
    assertThat(bob.receiveStats().dtmfPackets()).isEqualTo(7);
    assertThat(aliceProcessing.captured).as("every frame read from the mic").hasPositiveValue();
    assertThat(aliceProcessing.farEnd).as("every frame Alice played").hasPositiveValue();
    assertThat(alice.sendStats().bytesSent())
        .as("SRTP bytes: more than 10 per packet sent")
        .isGreaterThan(10L * (alice.sendStats().framesSent() + alice.sendStats().eventPackets()));
    assertThat(bob.keyDerivations()).isEqualTo(2); // SRTP and SRTCP of Alice's one SSRC
  }

  @Test
  void newKeysOnBothSidesKeepTheCallGoing() {
    await().atMost(Duration.ofSeconds(10)).until(() -> bob.receiveStats().framesDecoded() > 10);
    SrtpKeyMaterial aliceKey = key();
    SrtpKeyMaterial bobKey = key();
    alice.rekey(new SrtpKeys(aliceKey, bobKey));
    bob.rekey(new SrtpKeys(bobKey, aliceKey));
    long decoded = bob.receiveStats().framesDecoded();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bob.receiveStats().framesDecoded() > decoded + 25);
    assertThat(bob.receiveStats().srtpRejectedTotal())
        .as("at most the packets in flight between the two rekeys")
        .isLessThan(5);
  }

  @Test
  void closingFreesTheProcessorsOnceHoweverOftenItIsClosed() {
    alice.close();
    alice.close();
    assertThat(aliceProcessing.closed).hasValue(1);
  }
}
