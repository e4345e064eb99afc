package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Datagrams that arrive before the media opened are kept (copies, at most {@link EarlyMedia#LIMIT})
 * and handed to the media in arrival order when it opens; after that nothing is kept and the caller
 * hands datagrams on itself.
 */
class EarlyMediaTest {
  private final EarlyMedia early = new EarlyMedia();
  private final List<String> handed = new ArrayList<>();

  private void media(byte[] data, int offset, int length) {
    handed.add(new String(data, offset, length, java.nio.charset.StandardCharsets.US_ASCII));
  }

  private boolean keep(String text) {
    byte[] padded = ("xx" + text + "yy").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    boolean kept = early.keep(padded, 2, text.length());
    java.util.Arrays.fill(padded, (byte) '!'); // the receive buffer is reused after the call
    return kept;
  }

  @Test
  void whatCameBeforeTheMediaOpenedIsHandedToItInOrder() {
    assertThat(keep("rtp-1")).isTrue();
    assertThat(keep("rtp-2")).isTrue();
    assertThat(handed).isEmpty();

    assertThat(early.open(this::media)).isEqualTo(2);

    assertThat(handed).containsExactly("rtp-1", "rtp-2");
  }

  @Test
  void onceOpenNothingIsKept() {
    early.open(this::media);

    assertThat(keep("rtp-3")).isFalse();
    assertThat(handed).isEmpty();
  }

  @Test
  void atMostTheLimitIsKept() {
    for (int i = 0; i < EarlyMedia.LIMIT + 5; i++) {
      assertThat(keep("p" + i)).isTrue();
    }

    assertThat(early.open(this::media)).isEqualTo(EarlyMedia.LIMIT);
    assertThat(handed).hasSize(EarlyMedia.LIMIT).startsWith("p0").endsWith("p15");
  }
}
