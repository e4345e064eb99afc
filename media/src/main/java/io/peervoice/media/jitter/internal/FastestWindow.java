package io.peervoice.media.jitter.internal;

/**
 * The smallest delay among the packets of a sliding time window, as a monotonic queue: (arrival,
 * delay) pairs with rising delays, in two circular arrays that grow when full and are reused, so a
 * packet costs no allocation once the window has seen its largest size. Not thread-safe.
 */
final class FastestWindow {
  private double[] arrivals = new double[64];
  private double[] delays = new double[64];
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  /** The smallest delay held; only when not empty. */
  double firstDelay() {
    return delays[head];
  }

  void clear() {
    head = 0;
    size = 0;
  }

  /**
   * Adds a packet: drops the held ones it is as fast as or faster than, then those that arrived
   * before {@code since} (never the one just added).
   */
  void add(double arrival, double delay, double since) {
    while (size > 0 && delays[index(size - 1)] >= delay) {
      size--;
    }
    if (size == arrivals.length) {
      grow();
    }
    int at = index(size);
    arrivals[at] = arrival;
    delays[at] = delay;
    size++;
    while (arrivals[head] < since && size > 1) {
      head = index(1);
      size--;
    }
  }

  private int index(int i) {
    return (head + i) % arrivals.length;
  }

  private void grow() {
    double[] a = new double[2 * arrivals.length];
    double[] d = new double[2 * delays.length];
    for (int i = 0; i < size; i++) {
      a[i] = arrivals[index(i)];
      d[i] = delays[index(i)];
    }
    arrivals = a;
    delays = d;
    head = 0;
  }
}
