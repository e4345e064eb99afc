package io.peervoice.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.sdk.IncomingLimits;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The admission limits on a fake clock: no sockets, no sleeps. */
class AdmissionTest {
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final IncomingLimits limits = IncomingLimits.defaults();
  private final Admission admission = new Admission(limits, now::get);
  private final PeerId mallory = Identity.generate(random).peerId();
  private final PeerId alice = Identity.generate(random).peerId();

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void oneCallerGetsItsBurstThenOneInviteEveryTwoSeconds() {
    for (int i = 0; i < 5; i++) {
      assertThat(admission.admit(mallory, false, 0, 0)).isNull();
    }
    for (int i = 0; i < 45; i++) {
      assertThat(admission.admit(mallory, false, 0, 0)).isEqualTo(Admission.Refusal.CALLER_RATE);
    }
    advance(Duration.ofMillis(1_999));
    assertThat(admission.admit(mallory, false, 0, 0)).isEqualTo(Admission.Refusal.CALLER_RATE);
    advance(Duration.ofMillis(1));
    assertThat(admission.admit(mallory, false, 0, 0)).isNull();
    assertThat(admission.admitted()).isEqualTo(6);
    assertThat(admission.refused(Admission.Refusal.CALLER_RATE)).isEqualTo(46);
    assertThat(admission.admit(alice, false, 0, 0))
        .as("another caller has its own bucket")
        .isNull();
  }

  @Test
  void concurrentCallsAreCappedPerCallerAndInTotalButContactsPassTheSharedCap() {
    assertThat(admission.admit(mallory, false, 2, 2)).isEqualTo(Admission.Refusal.CALLER_CALLS);
    assertThat(admission.admit(mallory, false, 1, 4)).isEqualTo(Admission.Refusal.TOTAL_CALLS);
    assertThat(admission.admit(alice, true, 0, 4)).as("a contact is not locked out").isNull();
    assertThat(admission.admit(alice, true, 2, 5)).isEqualTo(Admission.Refusal.CALLER_CALLS);
    assertThat(admission.refused()).isEqualTo(3);
  }

  @Test
  void manyStrangersShareOneOverallBudgetThatContactsDoNotUse() {
    int admitted = 0;
    for (int i = 0; i < 100; i++) {
      if (admission.admit(Identity.generate(random).peerId(), false, 0, 0) == null) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(20);
    assertThat(admission.refused(Admission.Refusal.OVERALL_RATE)).isEqualTo(80);
    assertThat(admission.admit(alice, true, 0, 0)).isNull();
    advance(Duration.ofMillis(500));
    assertThat(admission.admit(mallory, false, 0, 0)).as("refilled at 2/s").isNull();
  }

  @Test
  void theCallerTableIsBoundedAndForgetsOnlyIdleCallers() {
    Admission small = new Admission(limits, now::get, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(small.admit(Identity.generate(random).peerId(), true, 0, 0)).isNull();
    }
    assertThat(small.admit(mallory, true, 0, 0)).isEqualTo(Admission.Refusal.TOO_MANY_CALLERS);
    assertThat(small.trackedCallers()).isEqualTo(3);
    advance(Duration.ofSeconds(2));
    assertThat(small.admit(mallory, true, 0, 0)).as("an idle caller made room").isNull();
    assertThat(small.trackedCallers()).isEqualTo(3);
  }

  @Test
  void refusalsAreAnsweredOnlyWithinTheirOwnRate() {
    int answered = 0;
    for (int i = 0; i < 50; i++) {
      if (admission.mayAnswerRefusal()) {
        answered++;
      }
    }
    assertThat(answered).isEqualTo(10);
  }

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
  }
}
