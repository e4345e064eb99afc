package io.peervoice.media.playout;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.jitter.AdaptiveJitterBuffer;
import io.peervoice.media.jitter.InsertOutcome;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.jitter.JitterPacket;
import io.peervoice.media.jitter.internal.Unwrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the real receive path (adaptive jitter buffer, Opus decode with in-band FEC and PLC,
 * time-stretching) over a packet-arrival trace carrying real Opus-encoded speech, on a simulated 20
 * ms playout clock, and measures what a listener would get. Deterministic. The playout clock starts
 * half a frame after the first arrival: a sound card's clock has an arbitrary phase to packet
 * arrivals, and half a frame is the average case.
 */
public final class TraceReplay {
  private static final int SSRC = 0x5EED;

  private TraceReplay() {}

  /**
   * Replays {@code trace} with {@code speech} (48 kHz, looped as needed) as the sent audio. The
   * encoder's expected-loss setting is the trace's loss rate, as RTCP receiver reports would set
   * it.
   */
  public static TraceReplayResult run(
      PacketTrace trace, PcmClip speech, JitterBufferConfig config) {
    List<PacketTrace.Row> rows = trace.rows();
    int[] frameOf = new int[rows.size()];
    Unwrapper unwrapper = new Unwrapper(16);
    long first = -1;
    int frames = 0;
    for (int i = 0; i < rows.size(); i++) {
      long extended = unwrapper.unwrap(rows.get(i).sequenceNumber());
      first = first < 0 ? extended : Math.min(first, extended);
      frameOf[i] = (int) (extended - first);
      frames = Math.max(frames, frameOf[i] + 1);
    }
    double[] sendOf = new double[frames];
    Arrays.fill(sendOf, Double.NaN);
    BitSet sent = new BitSet(frames);
    BitSet received = new BitSet(frames);
    List<double[]> deliveries = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      PacketTrace.Row row = rows.get(i);
      if (Double.isNaN(sendOf[frameOf[i]])) {
        sendOf[frameOf[i]] = row.sendMillis();
      }
      sent.set(frameOf[i]);
      if (row.receiveMillis().isPresent()) {
        received.set(frameOf[i]);
        deliveries.add(new double[] {row.receiveMillis().getAsDouble(), frameOf[i]});
      }
    }
    deliveries.sort(Comparator.comparingDouble(d -> d[0]));
    int lossPercent =
        (int)
            Math.round(100.0 * (sent.cardinality() - received.cardinality()) / sent.cardinality());
    byte[][] payloads =
        encode(
            speech, frames, OpusSettings.voiceDefaults().withLoss(true, Math.min(30, lossPercent)));

    Metrics metrics = new Metrics(sendOf, frames);
    try (AudioDecoder decoder = OpusCodec.decoder()) {
      PlayoutEngine engine =
          new PlayoutEngine(
              new AdaptiveJitterBuffer(config),
              decoder,
              new TimeStretcher(config.clockRate(), 0.8),
              metrics,
              config.clockRate(),
              config.frameSamples());
      BitSet late = new BitSet(frames);
      List<short[]> out = new ArrayList<>();
      double now = deliveries.isEmpty() ? 0 : deliveries.get(0)[0] + config.frameMillis() / 2;
      int next = 0;
      double end = deliveries.isEmpty() ? 0 : deliveries.get(deliveries.size() - 1)[0] + 2_000;
      while (now <= end) {
        while (next < deliveries.size() && deliveries.get(next)[0] <= now) {
          int frame = (int) deliveries.get(next)[1];
          JitterPacket packet =
              new JitterPacket(
                  SSRC,
                  (int) ((first + frame) & 0xFFFF),
                  (long) frame * config.frameSamples(),
                  payloads[frame],
                  deliveries.get(next)[0]);
          if (engine.onPacket(packet) == InsertOutcome.LATE && !metrics.played.get(frame)) {
            late.set(frame);
          }
          next++;
        }
        out.add(engine.tick(now));
        metrics.onTick(engine.stats());
        now += config.frameMillis();
      }
      return metrics.result(
          engine.stats(), late.cardinality(), received, sendOf, deliveries, out, config);
    }
  }

  private static byte[][] encode(PcmClip speech, int frames, OpusSettings settings) {
    byte[][] payloads = new byte[frames][];
    short[] samples = speech.samples();
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    try (AudioEncoder encoder = OpusCodec.encoder(settings)) {
      for (int f = 0; f < frames; f++) {
        for (int i = 0; i < frame.length; i++) {
          frame[i] = samples[(int) (((long) f * frame.length + i) % samples.length)];
        }
        payloads[f] = encoder.encode(frame);
      }
    }
    return payloads;
  }

  /** Collects per-frame delays and per-tick counters. */
  private static final class Metrics implements PlayoutListener {
    private final double[] sendOf;
    private final BitSet played;
    private final List<double[]> delays = new ArrayList<>();
    private final List<TraceReplayResult.FrameTiming> timeline = new ArrayList<>();
    private final List<long[]> ticks = new ArrayList<>();
    private int firstPlayTick = -1;
    private int lastPlayTick = -1;

    Metrics(double[] sendOf, int frames) {
      this.sendOf = sendOf;
      this.played = new BitSet(frames);
    }

    @Override
    public void onPlayed(JitterPacket packet, double playMillis) {
      int frame = (int) (packet.timestamp() / PcmFormat.FRAME_SAMPLES);
      played.set(frame);
      delays.add(new double[] {playMillis - sendOf[frame], playMillis - packet.arrivalMillis()});
      timeline.add(
          new TraceReplayResult.FrameTiming(
              frame, sendOf[frame], packet.arrivalMillis(), playMillis));
      if (firstPlayTick < 0) {
        firstPlayTick = ticks.size();
      }
      lastPlayTick = ticks.size();
    }

    void onTick(PlayoutStats stats) {
      ticks.add(new long[] {stats.concealedSamples(), stats.totalSamplesPlayed()});
    }

    TraceReplayResult result(
        PlayoutStats stats,
        int late,
        BitSet received,
        double[] sendOf,
        List<double[]> deliveries,
        List<short[]> out,
        JitterBufferConfig config) {
      double[] playout = delays.stream().mapToDouble(d -> d[0]).sorted().toArray();
      double meanPlayout = Arrays.stream(playout).average().orElse(0);
      double p95 = playout.length == 0 ? 0 : playout[(int) Math.ceil(0.95 * playout.length) - 1];
      double meanBuffer = delays.stream().mapToDouble(d -> d[1]).average().orElse(0);
      double concealed = 0;
      if (firstPlayTick >= 0) {
        long[] from = firstPlayTick == 0 ? new long[] {0, 0} : ticks.get(firstPlayTick - 1);
        long[] to = ticks.get(lastPlayTick);
        concealed = 100.0 * (to[0] - from[0]) / Math.max(1, to[1] - from[1]);
      }
      double latePercent = 100.0 * late / Math.max(1, received.cardinality());
      double stretch =
          100.0
              * (stats.insertedSamplesForDeceleration() + stats.removedSamplesForAcceleration())
              / Math.max(1, stats.totalSamplesPlayed());
      short[] pcm = new short[out.size() * config.frameSamples()];
      for (int i = 0; i < out.size(); i++) {
        System.arraycopy(out.get(i), 0, pcm, i * config.frameSamples(), config.frameSamples());
      }
      return new TraceReplayResult(
          meanPlayout,
          p95,
          meanBuffer,
          latePercent,
          concealed,
          stats.fecRecoveredFrames(),
          stretch,
          fixedDelayBaseline(received, sendOf, deliveries, latePercent),
          stats,
          List.copyOf(timeline),
          new PcmClip(config.clockRate(), pcm));
    }

    private static double fixedDelayBaseline(
        BitSet received, double[] sendOf, List<double[]> deliveries, double latePercent) {
      double[] firstArrival = new double[sendOf.length];
      Arrays.fill(firstArrival, Double.NaN);
      for (double[] d : deliveries) {
        int frame = (int) d[1];
        if (Double.isNaN(firstArrival[frame])) {
          firstArrival[frame] = d[0];
        }
      }
      double[] network =
          received.stream().mapToDouble(f -> firstArrival[f] - sendOf[f]).sorted().toArray();
      if (network.length == 0) {
        return 0;
      }
      int allowedLate = (int) Math.floor(latePercent / 100 * network.length + 1e-9);
      return network[Math.max(0, network.length - 1 - allowedLate)];
    }
  }
}
