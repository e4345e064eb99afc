package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.internal.overlay.NoteLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** S8 tel: the note bounds a node is given ({@code node --note-*}) reach its note limits. */
class NoteBoundsTest {
  @Test
  void theDefaultsAreTheNodesDefaults() {
    assertThat(NoteBounds.defaults().applyTo(NoteLimits.defaults()))
        .isEqualTo(NoteLimits.defaults());
  }

  @Test
  void eachBoundReachesTheLimits() {
    NoteLimits l =
        new NoteBounds(Duration.ofHours(2), 64, 8, 20, 48, 500_000, 256L << 20)
            .applyTo(NoteLimits.defaults());
    assertThat(l.holdMillis()).isEqualTo(2 * 3_600_000L);
    assertThat(l.perPeer()).isEqualTo(64);
    assertThat(l.bytesPerPeer()).as("4 KiB a note").isEqualTo(64 * 4096L);
    assertThat(l.perIpPerPeer()).isEqualTo(8);
    assertThat(l.bytesPerIpPerPeer()).isEqualTo(8 * 8192L);
    assertThat(l.networkBitsV4()).isEqualTo(20);
    assertThat(l.networkBitsV6()).isEqualTo(48);
    assertThat(l.maxNotes()).isEqualTo(500_000);
    assertThat(l.maxBytes()).isEqualTo(256L << 20);
    assertThat(l.rememberedIds()).isEqualTo(1_000_000);
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> new NoteBounds(Duration.ofHours(24), 16, 17, 24, 64, 100, 1L << 20))
        .hasMessageContaining("per recipient and network");
    assertThatThrownBy(() -> new NoteBounds(Duration.ofHours(24), 16, 4, 24, 65, 100, 1L << 20))
        .hasMessageContaining("IPv6");
    assertThatThrownBy(() -> new NoteBounds(Duration.ofDays(8), 16, 4, 24, 64, 100, 1L << 20))
        .hasMessageContaining("hold time");
  }
}
