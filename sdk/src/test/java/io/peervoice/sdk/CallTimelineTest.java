package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.DeliveryTiming;
import org.junit.jupiter.api.Test;

/**
 * The set-up stages a call's timeline derives, from injected timestamps: the lookup counts from the
 * dial (the call's creation) through the overlay's wait for the callee's record, the invite from
 * there to its delivery; stages after the answer count from it.
 */
class CallTimelineTest {
  private static final long MS = 1_000_000L;

  @Test
  void theLookupCountsFromTheDialAndTheInviteFromTheRecordFound() {
    CallTimeline t = new CallTimeline(1_000 * MS);
    assertThat(t.lookupMillis()).as("not yet delivered").isEqualTo(-1);
    assertThat(t.inviteMillis()).isEqualTo(-1);

    // the invite left 4 ms after the dial (media set up first), the record came 23 ms later
    t.inviteDelivered(1_004 * MS, new DeliveryTiming(23, 41));
    assertThat(t.lookupMillis()).isEqualTo(27);
    assertThat(t.inviteMillis()).isEqualTo(41);

    t.inviteDelivered(2_000 * MS, new DeliveryTiming(1, 1));
    assertThat(t.lookupMillis()).as("the first delivery only").isEqualTo(27);
    assertThat(t.inviteMillis()).isEqualTo(41);
  }

  @Test
  void firstPacketAndFirstAudioCountFromTheAnswerAndAreMinusOneBeforeEither() {
    assertThat(CallTimeline.afterAnswer(5_000 * MS, 5_012 * MS)).isEqualTo(12);
    assertThat(CallTimeline.afterAnswer(5_000 * MS, 4_990 * MS))
        .as("media that came before the answer reached us: 0, never negative")
        .isZero();
    assertThat(CallTimeline.afterAnswer(-1, 5_012 * MS)).as("not answered").isEqualTo(-1);
    assertThat(CallTimeline.afterAnswer(5_000 * MS, -1)).as("no packet yet").isEqualTo(-1);
    assertThat(CallTimeline.afterAnswer(5_000 * MS, 0)).as("no media stats").isEqualTo(-1);
  }
}
