package io.peervoice.media.playout;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/** Seeded synthetic packet traces for playout tests. */
final class SyntheticTraces {
  private SyntheticTraces() {}

  /**
   * {@code packets} packets every 20 ms from sequence {@code firstSeq}, each delayed by {@code
   * delay(sendMillis)} plus uniform jitter in [0, jitter), lost with probability {@code loss}.
   */
  static PacketTrace trace(
      int packets, int firstSeq, DoubleUnaryOperator delay, double jitter, double loss, long seed) {
    Random random = new Random(seed);
    List<PacketTrace.Row> rows = new ArrayList<>();
    for (int i = 0; i < packets; i++) {
      double send = i * 20.0;
      double arrival = send + delay.applyAsDouble(send) + random.nextDouble() * jitter;
      boolean lost = random.nextDouble() < loss;
      rows.add(
          new PacketTrace.Row(
              (firstSeq + i) & 0xFFFF,
              send,
              lost ? OptionalDouble.empty() : OptionalDouble.of(arrival)));
    }
    return new PacketTrace(rows);
  }

  /** 20 ms base delay, 4 ms jitter, and one stall: packets sent in [from, from+length) wait. */
  static PacketTrace stall(int packets, double from, double length, long seed) {
    return trace(
        packets,
        0,
        send -> send >= from && send < from + length ? from + length - send + 20 : 20,
        4,
        0,
        seed);
  }
}
