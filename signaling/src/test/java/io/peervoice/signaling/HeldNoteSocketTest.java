package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * S6 missed on real sockets: two rendezvous nodes on loopback hold a note for a peer that went away
 * and push it when the peer attaches again; each drops it once acknowledged.
 */
class HeldNoteSocketTest {

  private static long count(LocalOverlay overlay, String counter) {
    return overlay.nodes().stream().mapToLong(n -> n.counts().get(counter)).sum();
  }

  @Test
  void nodesHoldANoteAndDeliverItWhenTheCalleeAttaches() throws Exception {
    SecureRandom random = new SecureRandom();
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    try (LocalOverlay overlay = LocalOverlay.start(2)) {
      try (OverlayClient away = OverlayClient.start(bob, overlay.addresses())) {
        away.awaitReady(Duration.ofSeconds(10));
      } // bob goes away; the nodes still think he is attached, and pushes to him time out
      try (OverlayClient a = OverlayClient.start(alice, overlay.addresses())) {
        a.awaitReady(Duration.ofSeconds(10));
        byte[] note = new byte[3_000];
        random.nextBytes(note);
        assertThat(a.hold(bob.peerId(), note).get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(count(overlay, "note_held")).isEqualTo(2);

        List<byte[]> inbox = new CopyOnWriteArrayList<>();
        try (OverlayClient back = OverlayClient.start(bob, overlay.addresses())) {
          back.onMessage(
              (from, payload) -> {
                if (from.peerId().equals(alice.peerId())) {
                  inbox.add(payload);
                }
              });
          Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.isEmpty());
          assertThat(inbox.get(0)).isEqualTo(note);
          Awaitility.await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> count(overlay, "note_delivered") == 2);
          assertThat(inbox).as("delivered once though both nodes pushed it").hasSize(1);
          assertThat(count(overlay, "note_refused")).isZero();
        }
      }
    }
  }
}
