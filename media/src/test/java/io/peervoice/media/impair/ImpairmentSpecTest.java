package io.peervoice.media.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImpairmentSpecTest {

  @Test
  void parsesTheUserSyntaxInAnyOrderAndWritesItBack() {
    ImpairmentSpec spec = ImpairmentSpec.parse("loss=10,burst=3,jitter=40,delay=80,seed=7");
    assertThat(spec).isEqualTo(new ImpairmentSpec(10, 3, 80, 40, 0, 0, 7));
    assertThat(spec.toString())
        .isEqualTo("loss=10,burst=3,delay=80,jitter=40,reorder=0,dup=0,seed=7");
    assertThat(ImpairmentSpec.parse(spec.toString())).isEqualTo(spec);

    ImpairmentSpec all = ImpairmentSpec.parse(" dup=0.5 , REORDER=2,seed=-3,loss=2.5,");
    assertThat(all).isEqualTo(new ImpairmentSpec(2.5, 1, 0, 0, 2, 0.5, -3));
    assertThat(ImpairmentSpec.parse(all.toString())).isEqualTo(all);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", ","})
  void blankIsNoImpairment(String text) {
    assertThat(ImpairmentSpec.parse(text)).isEqualTo(ImpairmentSpec.none());
    assertThat(ImpairmentSpec.parse(text).isNone()).isTrue();
    assertThat(ImpairmentSpec.parse("seed=9,burst=4").isNone()).isTrue();
    assertThat(ImpairmentSpec.parse("delay=1").isNone()).isFalse();
  }

  @Test
  void theRangesEdgesAreAccepted() {
    assertThat(ImpairmentSpec.parse("loss=100").lossPercent()).isEqualTo(100);
    assertThat(ImpairmentSpec.parse("loss=50,burst=1").burst()).isEqualTo(1);
    assertThat(ImpairmentSpec.parse("loss=90,burst=9").burst()).isEqualTo(9);
    assertThat(ImpairmentSpec.parse("burst=1000,delay=10000,jitter=5000,reorder=100,dup=100"))
        .isEqualTo(new ImpairmentSpec(0, 1000, 10_000, 5_000, 100, 100, 0));
    // A seed is a whole 64-bit integer, not rounded through a double.
    assertThat(ImpairmentSpec.parse("seed=9007199254740993").seed()).isEqualTo(9007199254740993L);
    assertThat(ImpairmentSpec.parse("seed=-9223372036854775808").seed()).isEqualTo(Long.MIN_VALUE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "loss=-1            | impairment loss must be 0..100, got -1",
        "loss=100.5         | impairment loss must be 0..100, got 100.5",
        "loss=ten           | impairment loss must be a number in 0..100, got 'ten'",
        "loss=NaN           | impairment loss must be 0..100, got NaN",
        "burst=0.5          | impairment burst must be 1..1000, got 0.5",
        "burst=1001         | impairment burst must be 1..1000, got 1001",
        "delay=-1           | impairment delay must be 0..10000, got -1",
        "delay=Infinity     | impairment delay must be 0..10000, got Infinity",
        "jitter=5000.1      | impairment jitter must be 0..5000, got 5000.1",
        "jitter=              | impairment jitter must be a number in 0..5000, got ''",
        "reorder=101        | impairment reorder must be 0..100, got 101",
        "dup=-0.1           | impairment dup must be 0..100, got -0.1",
        "seed=1.5           | impairment seed must be an integer in -9223372036854775808..9223372036854775807, got '1.5'",
        "seed=99999999999999999999 | impairment seed must be an integer in",
        "loss=90,burst=5    | impairment burst must be 9..1000 for loss=90",
        "loss=60            | impairment burst must be 1.5..1000 for loss=60",
        "loss=100,burst=2   | impairment burst must be 1 with loss=100",
        "speed=3            | 'speed=3': expected KEY=VALUE with KEY one of [loss, burst, delay, jitter, reorder, dup, seed]",
        "loss               | 'loss': expected KEY=VALUE",
        "loss=1,loss=2      | impairment loss given twice",
      })
  void rejectsBadSpecsNamingTheKeyAndItsRange(String text, String message) {
    assertThatThrownBy(() -> ImpairmentSpec.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void theConstructorChecksTheSameRanges() {
    assertThatThrownBy(() -> new ImpairmentSpec(0, 1, 0, 0, 0, 101, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("impairment dup must be 0..100, got 101");
    assertThatThrownBy(() -> new ImpairmentSpec(0, 1, -5, 0, 0, 0, 0))
        .hasMessage("impairment delay must be 0..10000, got -5");
  }
}
