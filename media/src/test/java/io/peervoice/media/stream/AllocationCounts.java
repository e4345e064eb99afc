package io.peervoice.media.stream;

import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpReceiver;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * The per-thread allocation counts the send and receive path allocation tests read, and what
 * jitsi-srtp allocates by itself, which they subtract.
 */
final class AllocationCounts {
  private AllocationCounts() {}

  /** This JVM's thread allocation counter, enabled; the test is skipped where there is none. */
  static com.sun.management.ThreadMXBean threads() {
    var bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counts");
    var threads = (com.sun.management.ThreadMXBean) bean;
    Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "no allocation counts");
    threads.setThreadAllocatedMemoryEnabled(true);
    return threads;
  }

  /**
   * What jitsi-srtp allocates to unprotect {@code packets} datagrams in place: the least of the
   * rounds of {@code packets} after the first {@code warmUp}; each must unprotect to {@code
   * expectedLength} bytes (or any length when negative).
   */
  static long bareUnprotect(
      com.sun.management.ThreadMXBean threads,
      SrtpKeyMaterial key,
      int ssrc,
      byte[][] datagrams,
      int warmUp,
      int packets,
      int expectedLength) {
    try (SrtpReceiver receiver = Srtp.receiver(key, ssrc)) {
      byte[] buffer = new byte[1500];
      long least = Long.MAX_VALUE;
      long before = 0;
      for (int i = 0; i < datagrams.length; i++) {
        if (i >= warmUp && (i - warmUp) % packets == 0) {
          if (i > warmUp) {
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
          }
          before = threads.getCurrentThreadAllocatedBytes();
        }
        System.arraycopy(datagrams[i], 0, buffer, 0, datagrams[i].length);
        int length = receiver.unprotectInPlace(buffer, 0, datagrams[i].length);
        if (length < 0 || (expectedLength >= 0 && length != expectedLength)) {
          throw new AssertionError("datagram " + i + " rejected");
        }
      }
      return Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
  }
}
