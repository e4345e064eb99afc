package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.internal.PeerNominatedPair.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A controlled agent keeps the pair a controlling browser will use: ice4j completed on the first
 * pair whose nomination it confirmed ("low"), but the browser nominated a higher-priority pair too
 * ("high"), which it switches to once writable; the choice keeps "high". Pairs the peer did not
 * nominate, failed ones, ones we cannot carry media on and lower ones leave ice4j's pair.
 */
class PeerNominatedPairTest {
  private static final long LOW = 100;

  private static Candidate<String> pair(
      String name, long priority, boolean nominated, boolean failed, boolean usable) {
    return new Candidate<>(name, priority, nominated, failed, usable);
  }

  @Test
  void aHigherPairThePeerNominatedTooIsKept() {
    String kept =
        PeerNominatedPair.choose(
            "low",
            LOW,
            List.of(pair("low", LOW, true, false, true), pair("high", 300, true, false, true)));
    assertThat(kept).isEqualTo("high");
  }

  @Test
  void theHighestOfSeveralNominatedPairsIsKept() {
    String kept =
        PeerNominatedPair.choose(
            "low",
            LOW,
            List.of(
                pair("mid", 200, true, false, true),
                pair("top", 400, true, false, true),
                pair("low", LOW, true, false, true)));
    assertThat(kept).isEqualTo("top");
  }

  @Test
  void pairsThePeerDidNotNominateOrThatFailedOrCarryNoMediaLeaveIce4jsPair() {
    String kept =
        PeerNominatedPair.choose(
            "low",
            LOW,
            List.of(
                pair("unnominated", 500, false, false, true),
                pair("failed", 400, true, true, false),
                pair("failed-usable", 450, true, true, true),
                pair("relayed", 300, true, false, false),
                pair("lower", 50, true, false, true)));
    assertThat(kept).isEqualTo("low");
  }

  @Test
  void anEmptyCheckListLeavesIce4jsPair() {
    assertThat(PeerNominatedPair.choose("low", LOW, List.<Candidate<String>>of())).isEqualTo("low");
  }
}
