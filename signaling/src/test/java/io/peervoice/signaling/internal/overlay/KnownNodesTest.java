package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How long a failed node is avoided: attached elsewhere 10, 20, 40, 80 s; attached nowhere 1, 2, 4
 * .. s, growing to the same 80 s (S8 review: it stopped at 8 s, so a phone whose nodes stayed down
 * tried them every 8 s for ever).
 */
class KnownNodesTest {
  private static final InetSocketAddress NODE = new InetSocketAddress("192.0.2.7", 7400);

  private static List<Long> avoidances(boolean detached, int failures) {
    KnownNodes known = new KnownNodes(10_000);
    known.learn(NODE);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < failures; i++) {
      out.add(known.failed(NODE, 0, detached));
    }
    return out;
  }

  @Test
  void attachedElsewhereAFailedNodeIsAvoidedTenSecondsDoublingToEighty() {
    assertThat(avoidances(false, 6))
        .containsExactly(10_000L, 20_000L, 40_000L, 80_000L, 80_000L, 80_000L);
  }

  @Test
  void attachedNowhereItIsRetriedAfterOneSecondDoublingToTheSameEighty() {
    assertThat(avoidances(true, 10))
        .containsExactly(
            1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 80_000L, 80_000L, 80_000L);
    assertThat(avoidances(true, 100)).last().isEqualTo(80_000L);
  }

  @Test
  void aNodeThatWorkedStartsAgainFromOneSecond() {
    KnownNodes known = new KnownNodes(10_000);
    known.learn(NODE);
    for (int i = 0; i < 8; i++) {
      known.failed(NODE, 0, true);
    }
    known.worked(NODE);
    assertThat(known.failed(NODE, 0, true)).isEqualTo(1_000L);
    assertThat(known.avoidedUntil(NODE, 500)).isEqualTo(1_000L);
  }

  /** S8 review: a stream that opens during each attempt buys one immediate retry per 10 s. */
  @Test
  void anAttemptVoidedByItsStreamIsRetriedAtOnceAtMostOncePerBadNodeTime() {
    KnownNodes known = new KnownNodes(10_000);
    known.learn(NODE);
    assertThat(known.retryAtOnce(NODE, 0)).as("no stream opened").isFalse();
    known.streamOpened(NODE, true);
    assertThat(known.retryAtOnce(NODE, 1_000)).isTrue();
    known.streamOpened(NODE, true);
    assertThat(known.retryAtOnce(NODE, 2_500)).as("again within 10 s: back-off").isFalse();
    known.streamOpened(NODE, true);
    assertThat(known.retryAtOnce(NODE, 11_000)).isTrue();
    known.streamOpened(NODE, true);
    known.attemptEnded(NODE);
    assertThat(known.retryAtOnce(NODE, 30_000)).as("the attempt worked").isFalse();
  }
}
