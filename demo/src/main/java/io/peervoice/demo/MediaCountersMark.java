package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.session.MediaSessionStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The frames decoded and concealed of a set of calls at one moment: the start of {@code bench
 * calls}' measuring window, so that its concealment can be counted over the same window as its CPU
 * (S18: over a 30 s run most of the concealment was the calls' start, while the JIT compiled).
 */
final class MediaCountersMark {
  private volatile long[] counts; // decoded, concealed; null until marked

  /** Notes the counters of {@code calls} (live at that moment) {@code seconds} from now. */
  void markAfter(List<Call> calls, double seconds) {
    CompletableFuture.delayedExecutor(Math.round(seconds * 1000), TimeUnit.MILLISECONDS)
        .execute(() -> counts = count(calls));
  }

  /** Frames decoded at the mark, or null if it was not taken. */
  Long decoded() {
    long[] c = counts;
    return c == null ? null : c[0];
  }

  /** Frames concealed at the mark, or null if it was not taken. */
  Long concealed() {
    long[] c = counts;
    return c == null ? null : c[1];
  }

  private static long[] count(List<Call> calls) {
    List<Call> copy;
    synchronized (calls) {
      copy = new ArrayList<>(calls);
    }
    long decoded = 0;
    long concealed = 0;
    for (Call c : copy) {
      MediaSessionStats m = c.stats().media().orElse(null);
      if (m != null) {
        decoded += m.receive().framesDecoded();
        concealed += m.receive().framesConcealed();
      }
    }
    return new long[] {decoded, concealed};
  }
}
