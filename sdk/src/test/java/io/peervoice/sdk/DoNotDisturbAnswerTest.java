package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.call.CallAdmission;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.PresencePolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * S6 presence review: which invites a phone set to do not disturb answers busy, and with what
 * reason ({@link IncomingInvites#doNotDisturb}). Only an invite that would ring is turned away; the
 * reason DO_NOT_DISTURB goes only to whom the presence policy answers.
 */
class DoNotDisturbAnswerTest {
  private static final CallAdmission.Decision RING = new CallAdmission.Ring(List.of());

  private static Optional<EndReason> answer(
      CallAdmission.Decision decision, PresencePolicy policy, boolean contact) {
    return IncomingInvites.doNotDisturb(true, decision, false, policy, contact);
  }

  @Test
  void theReasonGoesOnlyToCallersThePresencePolicyAnswers() {
    assertThat(answer(RING, PresencePolicy.CONTACTS, true)).contains(EndReason.DO_NOT_DISTURB);
    assertThat(answer(RING, PresencePolicy.EVERYONE, false)).contains(EndReason.DO_NOT_DISTURB);
    // a stranger (or anyone, under NOBODY) learns no more than from a phone in another call
    assertThat(answer(RING, PresencePolicy.CONTACTS, false)).contains(EndReason.BUSY);
    assertThat(answer(RING, PresencePolicy.NOBODY, true)).contains(EndReason.BUSY);
  }

  @Test
  void onlyAnInviteThatWouldRingIsTurnedAway() {
    assertThat(IncomingInvites.doNotDisturb(false, RING, false, PresencePolicy.EVERYONE, true))
        .isEmpty();
    // an attended transfer's replacing invite rings
    assertThat(IncomingInvites.doNotDisturb(true, RING, true, PresencePolicy.EVERYONE, true))
        .isEmpty();
    // it beat a call of ours to the same peer: we want to talk to them, it rings
    CallAdmission.Decision wonGlare = new CallAdmission.Ring(List.of(new CallId(9, 9)));
    assertThat(answer(wonGlare, PresencePolicy.EVERYONE, true)).isEmpty();
    // our own call to them wins glare: the caller must hear GLARE (its call gives way), not busy
    CallAdmission.Decision lostGlare =
        new CallAdmission.Refuse(
            CallAdmission.Reason.GLARE, Optional.of(EndReason.GLARE), List.of());
    assertThat(answer(lostGlare, PresencePolicy.EVERYONE, true)).isEmpty();
    CallAdmission.Decision busy =
        new CallAdmission.Refuse(CallAdmission.Reason.BUSY, Optional.of(EndReason.BUSY), List.of());
    assertThat(answer(busy, PresencePolicy.EVERYONE, true)).isEmpty();
  }
}
