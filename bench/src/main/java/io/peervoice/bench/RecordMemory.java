package io.peervoice.bench;

import io.peervoice.signaling.NodeCapacity;

/**
 * Heap taken by a node's location records. Run: {@code java -Xmx2g -cp bench/target/benchmarks.jar
 * io.peervoice.bench.RecordMemory [count]}.
 */
public final class RecordMemory {
  private RecordMemory() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long bytes = NodeCapacity.heapBytesForRecords(count);
    System.out.printf(
        "%d records take %.1f MiB of heap (%d bytes each), target <= 1024 MiB for 1,000,000%n",
        count, bytes / 1048576.0, bytes / count);
  }
}
