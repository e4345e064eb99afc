package io.peervoice.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The receive path's packet pool is bounded and each packet goes back exactly once, whichever way
 * it leaves the jitter buffer: played, late, duplicate, dropped for capacity, or held when the
 * stream restarts.
 */
class JitterPacketPoolTest {
  private static final byte[] DATAGRAM = {9, 9, 1, 2, 3, 4, 5, 9};

  /** Capacity 4, no initial wait, so a packet plays at the first decision after it arrives. */
  private static AdaptiveJitterBuffer buffer() {
    return new AdaptiveJitterBuffer(
        new JitterBufferConfig(48_000, 960, 0.97, 0.99, 2_000, 0, 2_000, 4, 3, 0));
  }

  private static JitterPacket take(JitterPacketPool pool, int ssrc, int seq, double arrival) {
    return pool.take(ssrc, seq, seq * 960L, DATAGRAM, 2, 5, arrival);
  }

  @Test
  void copiesThePayloadAndReusesReleasedPacketsWithinItsCapacity() {
    var pool = new JitterPacketPool(2);
    JitterPacket first = take(pool, 1, 7, 140);
    JitterPacket second = take(pool, 1, 8, 160);

    assertThat(first.payload()).containsExactly(1, 2, 3, 4, 5);
    assertThat(first.payloadLength()).isEqualTo(5);
    assertThat(first.sequenceNumber()).isEqualTo(7);
    assertThat(first.timestamp()).isEqualTo(7 * 960L);
    assertThat(first.arrivalMillis()).isEqualTo(140);
    assertThat(pool.inUse()).isEqualTo(2);
    assertThat(take(pool, 1, 9, 180)).as("all out").isNull();
    assertThat(pool.exhausted()).isEqualTo(1);

    first.release();
    byte[] big = new byte[1_000];
    big[999] = 42;
    JitterPacket third = pool.take(1, 9, 9 * 960L, big, 0, big.length, 180);
    assertThat(third).as("the released packet again").isSameAs(first);
    assertThat(third.payloadLength()).isEqualTo(1_000);
    assertThat(third.payload()[999]).isEqualTo((byte) 42);
    assertThat(second.payload()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void aSecondReleaseIsRefusedAndDoesNotGrowThePool() {
    var pool = new JitterPacketPool(2);
    JitterPacket packet = take(pool, 1, 7, 140);
    packet.release();

    assertThatThrownBy(packet::release).isInstanceOf(IllegalStateException.class);
    assertThat(pool.inUse()).isZero();
    JitterPacket a = take(pool, 1, 8, 160);
    JitterPacket b = take(pool, 1, 9, 180);
    assertThat(a).isNotSameAs(b);
    assertThat(take(pool, 1, 10, 200)).isNull();
  }

  @Test
  void anInvalidPacketStaysInThePool() {
    var pool = new JitterPacketPool(1);

    assertThatThrownBy(() -> pool.take(1, 70_000, 0, DATAGRAM, 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(pool.inUse()).isZero();
    assertThat(take(pool, 1, 7, 140)).isNotNull();
  }

  @Test
  void theJitterBufferReleasesEveryPacketItDropsAndHandsOnThoseItPlays() {
    var pool = new JitterPacketPool(8);
    var buffer = buffer();
    assertThat(buffer.insert(take(pool, 1, 1, 20))).isEqualTo(InsertOutcome.ACCEPTED);
    var decision = buffer.next(20, 0);
    assertThat(decision).isInstanceOf(PlayoutDecision.Decode.class);
    JitterPacket played = ((PlayoutDecision.Decode) decision).packet();
    assertThat(played.sequenceNumber()).isEqualTo(1);
    assertThat(pool.inUse()).as("the played packet is the caller's").isEqualTo(1);
    played.release();

    assertThat(buffer.insert(take(pool, 1, 1, 25))).isEqualTo(InsertOutcome.LATE);
    assertThat(buffer.insert(take(pool, 1, 2, 40))).isEqualTo(InsertOutcome.ACCEPTED);
    assertThat(buffer.insert(take(pool, 1, 2, 41))).isEqualTo(InsertOutcome.DUPLICATE);
    assertThat(pool.inUse()).as("late and duplicate released at once").isEqualTo(1);
    for (int seq = 3; seq <= 6; seq++) {
      buffer.insert(take(pool, 1, seq, 20 * seq));
    }
    assertThat(buffer.stats().overflowDrops()).isEqualTo(1);
    assertThat(pool.inUse()).as("the oldest dropped for capacity").isEqualTo(4);

    assertThat(buffer.insert(take(pool, 2, 500, 200))).isEqualTo(InsertOutcome.ACCEPTED);
    assertThat(pool.inUse()).as("a new SSRC releases what the old stream held").isEqualTo(1);
  }

  /**
   * Random arrival order, losses, duplicates and SSRC changes never leak a packet or release one
   * twice: whatever the buffer holds plus nothing else is out of the pool after every step.
   */
  @Test
  void noPacketLeaksOrIsReleasedTwiceUnderRandomTraffic() {
    var random = new Random(13);
    var pool = new JitterPacketPool(4 + 1);
    var buffer = buffer();
    int inserted = 0;
    int ssrc = 1;
    int seq = 0;
    double now = 0;
    for (int step = 0; step < 20_000; step++) {
      now += 20;
      if (random.nextInt(500) == 0) {
        ssrc++;
      }
      int sent = seq + random.nextInt(3) - 1; // reordered by one, or repeated
      seq++;
      if (random.nextInt(10) != 0) {
        JitterPacket packet = take(pool, ssrc, sent & 0xFFFF, now + random.nextInt(60));
        assertThat(packet).as("step %d: the pool ran dry", step).isNotNull();
        buffer.insert(packet);
        inserted++;
      }
      if (buffer.next(now, 0) instanceof PlayoutDecision.Decode d) {
        d.packet().release();
      }
      assertThat(pool.inUse()).as("step %d", step).isEqualTo(buffer.stats().bufferedPackets());
    }
    assertThat(inserted).isGreaterThan(15_000);
    assertThat(buffer.stats().ssrcChanges()).isPositive();
  }
}
