package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioCapture;
import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessors;
import io.peervoice.media.processing.NoiseSuppression;
import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.media.processing.ProcessingStats;
import io.peervoice.signaling.Identity;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audio processing stage inside a real call: bob's "microphone" picks up what his "speaker"
 * plays (alice's voice, 60 ms later at half amplitude: an echo, and nothing else), and his stage
 * cancels it before it is encoded, so alice hears far less of herself than bob's microphone got.
 */
class CallProcessingTest {
  private static final int ECHO_FRAMES = 3;

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

  /** A speaker whose sound reaches the microphone {@link #ECHO_FRAMES} frames later, halved. */
  static final class EchoRoom implements AudioSink, AudioSource {
    private final ArrayDeque<short[]> air = new ArrayDeque<>();
    private double micPower;
    private long micFrames;

    @Override
    public synchronized void write(short[] frame) {
      air.add(frame.clone());
    }

    @Override
    public synchronized boolean read(short[] frame) {
      short[] played = air.size() >= ECHO_FRAMES ? air.poll() : new short[frame.length];
      for (int i = 0; i < frame.length; i++) {
        frame[i] = (short) (played[i] / 2);
        micPower += (double) frame[i] * frame[i];
      }
      micFrames++;
      return true;
    }

    synchronized double micPower() {
      return micPower / Math.max(1, micFrames * PcmFormat.FRAME_SAMPLES);
    }

    synchronized void resetMeter() {
      micPower = 0;
      micFrames = 0;
    }
  }

  /** What alice hears, as mean power since the last reset. */
  static final class Meter implements AudioSink {
    private double power;
    private long frames;

    @Override
    public synchronized void write(short[] frame) {
      for (short s : frame) {
        power += (double) s * s;
      }
      frames++;
    }

    synchronized double power() {
      return power / Math.max(1, frames * PcmFormat.FRAME_SAMPLES);
    }

    synchronized void reset() {
      power = 0;
      frames = 0;
    }
  }

  @Test
  void theStageCancelsTheEchoOfTheFarEndBeforeItIsSentAndReportsIt() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Meter aliceHears = new Meter();
    EchoRoom room = new EchoRoom();
    Phone a =
        lab.phone(
            alice,
            c ->
                c.audioSource(call -> LoopingSource.forever(SpeechSample.load()))
                    .audioSink(call -> aliceHears));
    Phone b =
        lab.phone(
            bob,
            c ->
                c.audioSource(call -> room)
                    .audioSink(call -> room)
                    .audioProcessing(
                        AudioProcessing.off()
                            .withEchoCancellation(true)
                            .withNoiseSuppression(NoiseSuppression.MODERATE)
                            .withHighPass(true))
                    .listeners(call -> new PhoneTest.Events(true)));
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.calls().size() == 1);
    Call incoming = b.calls().get(0);
    incoming.mediaStarted().get(10, TimeUnit.SECONDS);

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> erle(incoming).isPresent() && incoming.stats().durationMillis() > 4_000);
    room.resetMeter();
    aliceHears.reset();
    long from = incoming.stats().audioProcessing().orElseThrow().captureBlocks();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> incoming.stats().audioProcessing().orElseThrow().captureBlocks() >= from + 300);
    double cancelledDb = 10 * Math.log10(room.micPower() / Math.max(aliceHears.power(), 1e-3));
    ProcessingStats stats = incoming.stats().audioProcessing().orElseThrow();
    System.out.printf(
        "echo at bob's mic %.0f, alice hears %.0f: %.1f dB less; %s%n",
        room.micPower(), aliceHears.power(), cancelledDb, stats);

    assertThat(room.micPower()).as("bob's microphone picks up alice's voice").isGreaterThan(1e4);
    assertThat(cancelledDb).as("echo removed before it is sent").isGreaterThanOrEqualTo(20);
    assertThat(stats.engine()).isEqualTo(bestEngine());
    assertThat(stats.renderBlocks()).as("the playout is the reference").isPositive();
    assertThat(stats.echoDelayMs()).as("estimated echo path delay").isBetween(20, 200);
    assertThat(call.stats().audioProcessing())
        .as("alice's source is no capture device: no processing by default")
        .isEmpty();

    call.hangup();
    incoming.ended().get(5, TimeUnit.SECONDS);
    assertThat(incoming.stats().audioProcessing())
        .as("the last figures stay after the call")
        .hasValueSatisfying(s -> assertThat(s.captureBlocks()).isGreaterThan(from));
  }

  private static Optional<Double> erle(Call call) {
    return call.stats().audioProcessing().filter(ProcessingStats::hasErle).map(s -> s.erleDb());
  }

  private static ProcessingEngine bestEngine() {
    return AudioProcessors.engines().stream()
        .filter(e -> e.available())
        .map(e -> e.engine())
        .findFirst()
        .orElse(ProcessingEngine.NONE);
  }

  @Test
  void byDefaultOnlyACaptureDeviceIsProcessed() {
    AudioCapture device =
        new AudioCapture() {
          @Override
          public AudioDevice device() {
            return null;
          }

          @Override
          public boolean read(short[] frame) {
            return true;
          }

          @Override
          public void close() {}
        };
    assertThat(CallProcessing.settingsFor(Optional.empty(), device))
        .isEqualTo(AudioProcessing.defaults());
    assertThat(CallProcessing.settingsFor(Optional.empty(), AudioSource.silence()))
        .isEqualTo(AudioProcessing.off());
    AudioProcessing mine = AudioProcessing.off().withGainControl(true);
    assertThat(CallProcessing.settingsFor(Optional.of(mine), device)).isEqualTo(mine);
    assertThat(CallProcessing.settingsFor(Optional.of(mine), AudioSource.silence()))
        .isEqualTo(mine);
  }

  @Test
  void nothingSwitchedOnMeansNoStageAndNoFigures() {
    CallProcessing none = new CallProcessing(Optional.of(AudioProcessing.off()));
    none.open("c1", AudioSource.silence());
    AudioSource source = AudioSource.silence();
    assertThat(none.capture(source)).isSameAs(source);
    assertThat(none.stats()).isEmpty();
    none.close();
  }
}
