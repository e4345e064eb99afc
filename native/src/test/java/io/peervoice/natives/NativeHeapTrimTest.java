package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** An idle listener gives start-up's freed C heap back at once (glibc's malloc_trim). */
class NativeHeapTrimTest {

  @Test
  @EnabledOnOs(OS.LINUX)
  void freedSmallBlocksOfTheCHeapLeaveTheProcessOnceTrimmed() throws Exception {
    assertThat(NativeHeapTrim.trim()).as("glibc has malloc_trim").isPresent();
    // 32 MB in blocks below glibc's mmap threshold: they stay in the heap once freed
    List<Memory> blocks = new ArrayList<>();
    for (int i = 0; i < 32 * 16; i++) {
      Memory m = new Memory(64 * 1024 - 64);
      m.clear();
      blocks.add(m);
    }
    long touched = rssKib();
    // all but the last: the heap's top stays in use, so free() alone gives nothing back
    Memory last = blocks.remove(blocks.size() - 1);
    blocks.forEach(Memory::close);
    blocks.clear();
    long freed = rssKib();
    assertThat(NativeHeapTrim.trim()).hasValue(true);
    long trimmed = rssKib();
    last.close();
    assertThat(freed).as("free() alone keeps it resident").isGreaterThan(touched - 8 * 1024);
    assertThat(trimmed)
        .as("resident after the trim (touched %d KiB, freed %d KiB)", touched, freed)
        .isLessThan(freed - 24 * 1024);
  }

  private static long rssKib() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }
}
