package io.peervoice.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeviceGuardTest {
  private final List<RuntimeException> failures = new ArrayList<>();
  private final DeviceGuard guard = new DeviceGuard(failures::add);

  @Test
  void aSourceThatThrowsIsReportedOnceThenGivesSilenceWithoutBeingAskedAgain() {
    AtomicInteger reads = new AtomicInteger();
    AudioSource mic =
        frame -> {
          if (reads.incrementAndGet() > 2) {
            throw new IllegalStateException("microphone unplugged");
          }
          java.util.Arrays.fill(frame, (short) 100);
          return true;
        };
    AudioSource guarded = guard.source(mic);
    short[] frame = new short[960];
    assertThat(guarded.read(frame)).isTrue();
    assertThat(guarded.read(frame)).isTrue();
    assertThat(frame[0]).isEqualTo((short) 100);
    assertThat(guarded.read(frame)).isFalse();
    assertThat(frame).containsOnly((short) 0);
    java.util.Arrays.fill(frame, (short) 5);
    assertThat(guarded.read(frame)).isFalse();
    assertThat(frame).containsOnly((short) 0);
    assertThat(reads).hasValue(3);
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).hasMessage("microphone unplugged");
    assertThat(guard.failed()).isTrue();
  }

  @Test
  void aSinkThatThrowsIsReportedOnceAndNotWrittenAgain() {
    AtomicInteger writes = new AtomicInteger();
    AudioSink speaker =
        frame -> {
          writes.incrementAndGet();
          throw new IllegalStateException("speaker cannot open");
        };
    AudioSink guarded = guard.sink(speaker);
    for (int i = 0; i < 5; i++) {
      guarded.write(new short[960]);
    }
    assertThat(writes).hasValue(1);
    assertThat(failures).hasSize(1);
  }

  @Test
  void aFailureOnOpeningCountsOnceWithTheOthers() {
    guard.fail(new IllegalStateException("no such device"));
    guard.fail(new IllegalStateException("again"));
    guard.sink(frame -> {}).write(new short[960]);
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).hasMessage("no such device");
  }

  @Test
  void theFiguresOfTheDevicesBehindTheGuardedSourceAndSinkAreReported() {
    assertThat(guard.deviceStats()).isEmpty();
    io.peervoice.media.audio.DeviceStats mic =
        new io.peervoice.media.audio.DeviceStats(
            io.peervoice.media.audio.AudioDevice.Kind.CAPTURE, "mic", 40, 25, 30, 1, 20, 0);
    guard.source(
        new AudioSource() {
          @Override
          public boolean read(short[] frame) {
            return true;
          }

          @Override
          public java.util.Optional<io.peervoice.media.audio.DeviceStats> captureStats() {
            return java.util.Optional.of(mic);
          }
        });
    guard.sink(frame -> {});
    assertThat(guard.deviceStats()).containsExactly(mic);
  }
}
