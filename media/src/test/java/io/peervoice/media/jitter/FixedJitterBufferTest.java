package io.peervoice.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedJitterBufferTest {

  private static byte[] p(int seq) {
    return new byte[] {(byte) seq};
  }

  private static List<String> drain(FixedJitterBuffer jb, int ticks) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      Playout playout = jb.poll();
      if (playout instanceof Playout.Frame f) {
        out.add("play " + (f.sequence() & 0xFFFF));
      } else if (playout instanceof Playout.Lost l) {
        out.add("lost " + (l.sequence() & 0xFFFF));
      } else {
        out.add(playout instanceof Playout.Underrun ? "underrun" : "idle");
      }
    }
    return out;
  }

  @Test
  void waitsForItsDepthThenPlaysInOrder() {
    FixedJitterBuffer jb = new FixedJitterBuffer(2, 10, 2);
    jb.insert(5, p(5));
    assertThat(drain(jb, 1)).containsExactly("idle");
    jb.insert(7, p(7));
    jb.insert(6, p(6));
    assertThat(drain(jb, 3)).containsExactly("play 5", "play 6", "play 7");
  }

  @Test
  void concealsAGapAndDropsTheLatePacket() {
    FixedJitterBuffer jb = new FixedJitterBuffer(1, 10, 2);
    jb.insert(1, p(1));
    jb.insert(3, p(3));
    assertThat(drain(jb, 3)).containsExactly("play 1", "lost 2", "play 3");
    assertThat(jb.insert(2, p(2))).isEqualTo(InsertOutcome.LATE);
    assertThat(jb.stats().lost()).isEqualTo(1);
    assertThat(jb.stats().late()).isEqualTo(1);
  }

  @Test
  void dropsDuplicates() {
    FixedJitterBuffer jb = new FixedJitterBuffer(2, 10, 2);
    assertThat(jb.insert(9, p(9))).isEqualTo(InsertOutcome.ACCEPTED);
    assertThat(jb.insert(9, p(9))).isEqualTo(InsertOutcome.DUPLICATE);
    jb.insert(10, p(10));
    assertThat(drain(jb, 2)).containsExactly("play 9", "play 10");
    assertThat(jb.insert(9, p(9))).isEqualTo(InsertOutcome.LATE);
  }

  @Test
  void playsAcrossTheSixteenBitWrapEvenWhenReordered() {
    FixedJitterBuffer jb = new FixedJitterBuffer(3, 10, 2);
    jb.insert(65535, p(0));
    jb.insert(1, p(1));
    jb.insert(0, p(0));
    jb.insert(65534, p(0));
    assertThat(drain(jb, 4)).containsExactly("play 65534", "play 65535", "play 0", "play 1");
  }

  @Test
  void anUnderrunDoesNotSkipTheDelayedPacketAndAStoppedStreamGoesIdle() {
    FixedJitterBuffer jb = new FixedJitterBuffer(1, 10, 2);
    jb.insert(1, p(1));
    assertThat(drain(jb, 2)).containsExactly("play 1", "underrun");
    jb.insert(2, p(2));
    assertThat(drain(jb, 4)).containsExactly("play 2", "underrun", "underrun", "idle");
    assertThat(jb.stats().underruns()).isEqualTo(3);
  }

  @Test
  void capsWhatItHolds() {
    FixedJitterBuffer jb = new FixedJitterBuffer(1, 4, 2);
    for (int seq = 0; seq < 10; seq++) {
      jb.insert(seq, p(seq));
    }
    assertThat(jb.stats().buffered()).isEqualTo(4);
    assertThat(jb.stats().overflowDrops()).isEqualTo(6);
    assertThat(drain(jb, 4)).containsExactly("play 6", "play 7", "play 8", "play 9");
  }

  @Test
  void resynchronisesAfterAJumpInsteadOfConcealingTheGap() {
    FixedJitterBuffer jb = new FixedJitterBuffer(1, 4, 2);
    jb.insert(100, p(0));
    assertThat(drain(jb, 1)).containsExactly("play 100");
    jb.insert(20000, p(0));
    assertThat(drain(jb, 1)).containsExactly("play 20000");
  }
}
