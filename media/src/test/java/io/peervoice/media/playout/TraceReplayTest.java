package io.peervoice.media.playout;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.jitter.JitterBufferConfig;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The whole receive path (jitter buffer, Opus with FEC and PLC, stretching) over seeded synthetic
 * traces. Delays here are simulated, not wall-clock: the assertions are deterministic.
 */
class TraceReplayTest {
  private static final PcmClip SPEECH = SpeechSample.load();
  private static final JitterBufferConfig CONFIG = JitterBufferConfig.opusDefaults();

  private static TraceReplayResult replay(PacketTrace trace) {
    return TraceReplay.run(trace, SPEECH, CONFIG);
  }

  private static double meanBufferDelay(TraceReplayResult r, double fromSend, double toSend) {
    return r.timeline().stream()
        .filter(f -> f.sendMillis() >= fromSend && f.sendMillis() < toSend)
        .mapToDouble(TraceReplayResult.FrameTiming::bufferDelayMillis)
        .average()
        .orElseThrow();
  }

  @Test
  void aCleanNetworkPlaysWithinOneFrameOfArrivalAndHearsTheSpeech() {
    TraceReplayResult r = replay(SyntheticTraces.trace(600, 0, s -> 1, 1, 0, 1));
    assertThat(r.meanBufferDelayMillis()).isLessThanOrEqualTo(20);
    assertThat(r.lateLossPercent()).isZero();
    assertThat(r.concealedPercent()).isZero();
    PcmClip firstSeconds =
        new PcmClip(
            48_000, java.util.Arrays.copyOf(r.played().samples(), SPEECH.samples().length + 4800));
    assertThat(EnvelopeSimilarity.compare(SPEECH, firstSeconds, 200).correlation())
        .isGreaterThan(0.9);
  }

  @Test
  void tenPercentRandomLossIsMostlyRecoveredByFec() {
    TraceReplayResult r = replay(SyntheticTraces.trace(3000, 0, s -> 20, 5, 0.10, 7));
    assertThat(r.fecRecovered()).isGreaterThan(200);
    assertThat(r.concealedPercent()).isLessThanOrEqualTo(5);
    assertThat(r.lateLossPercent()).isLessThanOrEqualTo(2);
  }

  @Test
  void afterA500MillisecondStallTheDelayIsBackWithinTwoSeconds() {
    TraceReplayResult r = replay(SyntheticTraces.stall(1500, 10_000, 500, 3));
    double before = meanBufferDelay(r, 5_000, 10_000);
    double twoSecondsAfter = meanBufferDelay(r, 12_500, 13_500);
    assertThat(r.lateLossPercent()).isZero();
    assertThat(twoSecondsAfter).isLessThanOrEqualTo(1.5 * before);
    assertThat(r.stats().removedSamplesForAcceleration()).isGreaterThan(48 * 400);
  }

  @Test
  void followsSenderClockDriftOfTwoHundredPpmBothWays() {
    for (double ppm : new double[] {200e-6, -200e-6}) {
      TraceReplayResult r = replay(SyntheticTraces.trace(3000, 0, s -> 20 + s * ppm, 3, 0, 11));
      assertThat(r.lateLossPercent()).isZero();
      assertThat(r.concealedPercent()).isLessThan(0.5);
      double early = meanBufferDelay(r, 5_000, 15_000);
      double late = meanBufferDelay(r, 50_000, 60_000);
      assertThat(early).as("ppm %s, first seconds", ppm).isLessThanOrEqualTo(30);
      assertThat(late)
          .as("ppm %s, last seconds: within one frame plus half a frame of queue", ppm)
          .isLessThanOrEqualTo(30);
    }
  }

  @Test
  void handlesSequenceWrapReorderingAndDuplicates() {
    PacketTrace base = SyntheticTraces.trace(1500, 65_000, s -> 20, 30, 0, 13);
    List<PacketTrace.Row> rows = new ArrayList<>(base.rows());
    for (int i = 0; i < 1500; i += 10) {
      PacketTrace.Row row = rows.get(i);
      rows.add(
          new PacketTrace.Row(
              row.sequenceNumber(),
              row.sendMillis(),
              OptionalDouble.of(row.receiveMillis().getAsDouble() + 5)));
    }
    TraceReplayResult r = replay(new PacketTrace(rows));
    assertThat(r.stats().buffer().duplicates() + r.stats().buffer().latePackets())
        .as("each of the 150 duplicates is dropped, as a duplicate or once its original played")
        .isGreaterThanOrEqualTo(150);
    assertThat(r.lateLossPercent()).isLessThanOrEqualTo(2);
    assertThat(r.meanPlayoutDelayMillis())
        .isLessThanOrEqualTo(r.fixedDelayAtSameLateLossMillis() + 20);
    assertThat(r.timeline()).hasSizeGreaterThan(1450);
  }

  @Test
  void readsTracesInAnyOrderAndRejectsBadLinesClearly() throws Exception {
    PacketTrace t =
        PacketTrace.read(new StringReader("seq,send_ms,recv_ms\n1,20,41\n0,0,21\n2,40,\n"));
    assertThat(t.rows()).extracting(PacketTrace.Row::sequenceNumber).containsExactly(0, 1, 2);
    assertThat(t.rows().get(2).receiveMillis()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PacketTrace.read(new StringReader("seq,send_ms,recv_ms\n1,x,2\n")))
        .isInstanceOf(PacketTrace.TraceFormatException.class)
        .hasMessageContaining("line 2");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PacketTrace.read(new StringReader("a,b\n")))
        .hasMessageContaining("header");
  }
}
