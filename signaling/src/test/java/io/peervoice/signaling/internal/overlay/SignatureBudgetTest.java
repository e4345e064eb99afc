package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SignatureBudgetTest {

  @Test
  void oneIpGetsItsBudgetAcrossPortsAndEveryoneTogetherTheNodes() {
    SignatureBudget budget = new SignatureBudget(10, 25, 1_000);
    int granted = 0;
    for (int i = 0; i < 100; i++) {
      if (budget.take(new InetSocketAddress("10.0.0.1", 1 + i), 0)) {
        granted++;
      }
    }
    assertThat(granted).as("burst of twice the per-IP rate, whatever the port").isEqualTo(20);
    int others = 0;
    for (int i = 0; i < 100; i++) {
      if (budget.take(new InetSocketAddress("10.0.1." + (i + 1), 1), 0)) {
        others++;
      }
    }
    assertThat(granted + others).as("the node's overall burst").isEqualTo(50);
    assertThat(budget.take(new InetSocketAddress("10.0.0.1", 1), 1_000))
        .as("refilled a second later")
        .isTrue();
  }
}
