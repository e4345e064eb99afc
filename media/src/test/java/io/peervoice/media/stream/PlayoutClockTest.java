package io.peervoice.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.dtmf.DtmfReceiveStage;
import io.peervoice.media.dtmf.DtmfSendStage;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.jitter.JitterPacket;
import io.peervoice.media.playout.PlayoutStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlayoutClockTest {

  @Test
  void ticksStandForTheirPlaceOnTheGridHoweverLateTheyRun() {
    PlayoutClock clock = new PlayoutClock(20);
    assertThat(clock.tick(1000, p -> {})).isEqualTo(1000);
    assertThat(clock.tick(1027, p -> {})).isEqualTo(1020);
    assertThat(clock.tick(1041, p -> {})).isEqualTo(1040);
    assertThat(clock.tick(1061, p -> {})).as("a late tick run back to back").isEqualTo(1060);
    assertThat(clock.tick(1081, p -> {})).isEqualTo(1080);
    assertThat(clock.tick(1099, p -> {}))
        .as("earlier than the grid: the grid moves")
        .isEqualTo(1099);
    assertThat(clock.tick(1125, p -> {})).isEqualTo(1119);
  }

  @Test
  void theGridRestartsWhenTicksStrayFarFromIt() {
    PlayoutClock clock = new PlayoutClock(20);
    clock.tick(1000, p -> {});
    assertThat(clock.tick(1020 + PlayoutClock.MAX_SKEW_MILLIS + 1, p -> {}))
        .isEqualTo(1020 + PlayoutClock.MAX_SKEW_MILLIS + 1);
    assertThat(clock.tick(1500, p -> {})).as("ticks driven at another pace").isEqualTo(1500);
  }

  @Test
  void aPacketReachesTheBufferAtTheFirstTickWhoseGridTimeIsAfterItsArrival() {
    PlayoutClock clock = new PlayoutClock(20);
    List<Integer> released = new ArrayList<>();
    clock.tick(1000, p -> released.add(p.sequenceNumber()));
    clock.hold(packet(1, 1019), p -> released.add(p.sequenceNumber()));
    assertThat(released).as("before the next tick's grid time: at once").containsExactly(1);
    clock.hold(packet(2, 1021), p -> released.add(p.sequenceNumber()));
    assertThat(released).as("after it: the tick for 1020 is running late").containsExactly(1);
    assertThat(clock.tick(1026, p -> released.add(p.sequenceNumber()))).isEqualTo(1020);
    assertThat(released)
        .as("packet 2 arrived after 1020, while the late tick waited")
        .containsExactly(1);
    clock.tick(1040, p -> released.add(p.sequenceNumber()));
    assertThat(released).containsExactly(1, 2);
  }

  @Test
  void holdsABoundedNumberOfPackets() {
    PlayoutClock clock = new PlayoutClock(20);
    List<Integer> released = new ArrayList<>();
    clock.tick(1000, p -> {});
    for (int i = 0; i < PlayoutClock.MAX_HELD + 3; i++) {
      clock.hold(packet(i, 1021 + i), p -> released.add(p.sequenceNumber()));
    }
    assertThat(released).containsExactly(0, 1, 2);
  }

  private static JitterPacket packet(int sequence, double arrivalMillis) {
    return new JitterPacket(1, sequence, sequence * 960L, new byte[] {1}, arrivalMillis);
  }

  /**
   * A clean path (every packet 0.4 ms after it was sent) and a media clock whose ticks run late by
   * up to 15 ms, as a busy scheduler thread runs them: the jitter buffer must not take the lateness
   * of its own ticks for network delay, so it neither stretches audio back and forth nor conceals.
   */
  @ParameterizedTest(name = "ticks {0} ms after packets")
  @ValueSource(doubles = {0.2, 1, 3, 7, 12, 19.5})
  void lateRunningTicksNeitherStretchNorConcealOnACleanPath(double phase) {
    PlayoutStats stats = replayWithLateTicks(new Random(7), 1500, phase);
    long played = stats.totalSamplesPlayed();
    assertThat(stats.concealedSamples()).as("concealed").isLessThanOrEqualTo(2 * 960);
    assertThat(stats.insertedSamplesForDeceleration() + stats.removedSamplesForAcceleration())
        .as("samples stretched of %d played", played)
        .isLessThan(played / 200);
  }

  static PlayoutStats replayWithLateTicks(Random random, int frames, double phase) {
    long[] clockNanos = {1_000_000_000L};
    List<byte[]> wire = new ArrayList<>();
    PcmRecorder heard = new PcmRecorder(60);
    try (AudioSendStream tx =
            new AudioSendStream(
                SpeechSample.load().asSource(),
                OpusCodec.encoder(OpusSettings.voiceDefaults()),
                new DtmfSendStage(101),
                (data, off, len) -> wire.add(Arrays.copyOfRange(data, off, off + len)),
                0xCAFE,
                111,
                100,
                4_000_000L,
                RtpObserver.NONE,
                () -> clockNanos[0]);
        AudioReceiveStream rx =
            new AudioReceiveStream(
                OpusCodec.decoder(),
                JitterBufferConfig.opusDefaults(),
                heard,
                111,
                new DtmfReceiveStage(101, d -> {}),
                () -> clockNanos[0],
                RtpObserver.NONE)) {
      double start = 1000;
      int sent = 0;
      for (int tick = 0; tick < frames; tick++) {
        double late =
            random.nextDouble() < 0.7 ? 2 * random.nextDouble() : 15 * random.nextDouble();
        double tickAt = start + phase + 20.0 * tick + late;
        while (sent < frames && start + 20.0 * sent + 0.4 <= tickAt) {
          clockNanos[0] = Math.round((start + 20.0 * sent + 0.4) * 1e6);
          tx.sendFrame();
          byte[] packet = wire.remove(0);
          rx.onPacket(packet, 0, packet.length);
          sent++;
        }
        clockNanos[0] = Math.round(tickAt * 1e6);
        rx.playoutTick();
      }
      return rx.stats().playout();
    }
  }
}
