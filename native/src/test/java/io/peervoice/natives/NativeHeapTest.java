package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

/** The C heap trim runs on Linux with glibc (this build's platform) and is harmless to repeat. */
class NativeHeapTest {

  @Test
  void trimRunsOnLinuxAndCanBeRepeated() {
    assertThat(NativeHeap.trim()).isEqualTo(Platform.isLinux());
    assertThat(NativeHeap.trim()).isEqualTo(Platform.isLinux());
  }
}
