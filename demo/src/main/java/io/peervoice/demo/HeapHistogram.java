package io.peervoice.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of a JVM process: {@code jcmd PID GC.class_histogram}, which runs a full GC first
 * and then counts every live object, so the total is the heap in use after a full GC.
 *
 * @param totalBytes bytes of all live objects
 * @param bytesByClass bytes of live objects by class name
 */
record HeapHistogram(long totalBytes, Map<String, Long> bytesByClass) {

  /** Takes the histogram of process {@code pid} (the same user's JVM). */
  static HeapHistogram of(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + text.strip());
    }
    return parse(text);
  }

  static HeapHistogram parse(String text) throws IOException {
    Map<String, Long> byClass = new HashMap<>();
    long total = -1;
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[0].equals("Total")) {
        total = Long.parseLong(f[2]);
      } else if (f.length >= 4 && f[0].endsWith(":") && Character.isDigit(f[1].charAt(0))) {
        byClass.merge(f[3], Long.parseLong(f[2]), Long::sum);
      }
    }
    if (total < 0) {
      throw new IOException("no Total in the class histogram");
    }
    return new HeapHistogram(total, byClass);
  }

  /** The {@code n} classes that grew most from {@code before} to this one, with their growth. */
  List<Map.Entry<String, Long>> grownMost(HeapHistogram before, int n) {
    List<Map.Entry<String, Long>> grown = new ArrayList<>();
    bytesByClass.forEach(
        (c, b) -> grown.add(Map.entry(c, b - before.bytesByClass.getOrDefault(c, 0L))));
    grown.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
    return grown.subList(0, Math.min(n, grown.size()));
  }
}
