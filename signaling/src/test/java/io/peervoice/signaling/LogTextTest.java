package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void peerTextCannotBreakALogLineAndIsCapped() {
    assertThat(LogText.escape("evil\r\nINFO forged line\u0000\u001b[31m\u2028\u202e"))
        .isEqualTo("evil\\r\\nINFO forged line\\u0000\\u001b[31m\\u2028\\u202e")
        .doesNotContain("\n", "\r");
    assertThat(LogText.escape("a\\b\tc")).isEqualTo("a\\\\b\\tc");
    String longText = "x".repeat(10_000);
    assertThat(LogText.escape(longText))
        .startsWith("x".repeat(LogText.MAX_CHARS))
        .endsWith("...(+" + (10_000 - LogText.MAX_CHARS) + " chars)")
        .hasSizeLessThan(LogText.MAX_CHARS + 30);
    assertThat(LogText.escape(null)).isEqualTo("null");
    assertThat(LogText.escape("ordinary text: 1.2.3.4 ü")).isEqualTo("ordinary text: 1.2.3.4 ü");
  }

  @Test
  void repeatedWarningsOfAKindAreLoggedOncePerIntervalAndTheRestCounted() {
    AtomicLong now = new AtomicLong(1_000);
    RateLimitedLog log = new RateLimitedLog(LogTextTest.class, Duration.ofSeconds(10), now::get);
    assertThat(log.warn("refused", "refused {}", "a\nb")).isTrue();
    for (int i = 0; i < 99; i++) {
      assertThat(log.warn("refused", "refused {}", i)).isFalse();
    }
    assertThat(log.warn("dropped", "dropped {}", 1)).as("another kind has its own budget").isTrue();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(log.warn("refused", "refused {}", "again")).isTrue();
    assertThat(log.logged()).isEqualTo(3);
    assertThat(log.suppressed()).isEqualTo(99);
  }
}
