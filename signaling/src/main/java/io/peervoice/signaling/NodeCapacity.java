package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.RecordStoreProbe;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Capacity planning for a rendezvous node: the heap that location records take in the same table a
 * node keeps them in.
 */
public final class NodeCapacity {

  private NodeCapacity() {}

  /**
   * Fills a node's record table with {@code count} records of realistic size (two attached nodes
   * with IPv4 hosts, real key and signature lengths) and returns the heap they retain, measured
   * after garbage collection.
   */
  public static long heapBytesForRecords(int count) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = settledHeap(memory);
    Object table = RecordStoreProbe.fill(count, 42);
    long after = settledHeap(memory);
    if (RecordStoreProbe.size(table) != count) {
      throw new IllegalStateException("table did not take every record");
    }
    return after - before;
  }

  private static long settledHeap(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
