package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener written before S12 overrides the boolean form of {@code onTransferRequested}: the
 * phone now calls the {@link CallListener.TransferDecision} form, whose default hands it on, so
 * such a listener still hears every request, accepted only when the decision is {@link
 * CallListener.TransferDecision#ACCEPTED}.
 */
class TransferDecisionTest {
  @Test
  void aListenerOfTheBooleanFormStillHearsEveryDecision() {
    PeerId target = Identity.generate(new SecureRandom()).peerId();
    List<String> heard = new ArrayList<>();
    CallListener old =
        new CallListener() {
          @Override
          public void onTransferRequested(Call call, PeerId t, boolean accepted) {
            heard.add(t.equals(target) + ":" + accepted);
          }
        };
    for (CallListener.TransferDecision d : CallListener.TransferDecision.values()) {
      old.onTransferRequested(null, target, d);
    }
    assertThat(heard).containsExactly("true:true", "true:false", "true:false", "true:false");
  }
}
