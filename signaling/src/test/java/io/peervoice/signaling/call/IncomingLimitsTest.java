package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IncomingLimitsTest {

  @Test
  void limitsAreValidated() {
    IncomingLimits.Rate rate = new IncomingLimits.Rate(1, Duration.ofSeconds(1));
    assertThatThrownBy(() -> new IncomingLimits(0, 1, rate, rate, rate))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IncomingLimits(2, 3, rate, rate, rate))
        .hasMessageContaining("exceeds");
    assertThatThrownBy(() -> new IncomingLimits.Rate(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IncomingLimits.Rate(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallAdmission.Policy(IncomingLimits.defaults(), true, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> CallAdmission.Policy.of(IncomingLimits.defaults(), true).withMaxCalls(0))
        .hasMessageContaining("maxCalls must be at least 1: 1024, 0");
  }

  @Test
  void withMaxCallsRaisesOrLowersTheCapAndKeepsTheRates() {
    IncomingLimits d = IncomingLimits.defaults();
    IncomingLimits ivr = d.withMaxCalls(50);
    assertThat(ivr.maxCalls()).isEqualTo(50);
    assertThat(ivr.maxCallsPerCaller()).isEqualTo(d.maxCallsPerCaller());
    assertThat(ivr.callerRate()).isEqualTo(d.callerRate());
    assertThat(ivr.overallRate()).isEqualTo(d.overallRate());
    IncomingLimits one = d.withMaxCalls(1);
    assertThat(one.maxCalls()).isEqualTo(1);
    assertThat(one.maxCallsPerCaller()).isEqualTo(1);
  }

  @Test
  void theDefaultsAreASoftphones() {
    IncomingLimits d = IncomingLimits.defaults();
    assertThat(d.maxCalls()).isEqualTo(4);
    assertThat(d.maxCallsPerCaller()).isEqualTo(2);
    assertThat(d.callerRate()).isEqualTo(new IncomingLimits.Rate(5, Duration.ofSeconds(10)));
    assertThat(d.overallRate()).isEqualTo(new IncomingLimits.Rate(20, Duration.ofSeconds(10)));
    assertThat(d.refusalRate()).isEqualTo(new IncomingLimits.Rate(10, Duration.ofSeconds(1)));
  }
}
