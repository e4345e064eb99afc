package io.peervoice.session.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * The CPU time of the thread a call's ticks run on, read on that thread (its media loop's): the
 * loop's busy time, for {@link io.peervoice.media.codec.ComplexityGovernor}. Negative (unknown)
 * when the JVM cannot tell, or when the ticks moved to another thread since the last reading, so
 * that no window spans two threads.
 */
final class TickThreadCpu implements LongSupplier {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

  private Thread last;

  @Override
  public long getAsLong() {
    Thread current = Thread.currentThread();
    boolean same = current == last;
    last = current;
    return SUPPORTED && same ? THREADS.getCurrentThreadCpuTime() : -1;
  }
}
