package io.peervoice.media.impair;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.PriorityQueue;

/**
 * The far end of an impaired path: holds {@link Delivery deliveries} until they are due and
 * releases them in delivery-time order (equal times in the order they were added). Pure logic on
 * the caller's clock: {@link #poll} is told the time.
 *
 * <p>The queue is bounded like a router's: a delivery added while {@link #capacity()} are waiting
 * is dropped and counted ({@link #overflowed()}). Not thread-safe.
 *
 * <pre>{@code
 * Impairment impairment = new Impairment(ImpairmentSpec.parse("loss=5,jitter=30,seed=1"));
 * ImpairedLink link = new ImpairedLink(1000);
 * link.addAll(impairment.offer(packet, now));   // on each send
 * for (Delivery d : link.poll(now)) { ... }     // on each tick
 * }</pre>
 */
public final class ImpairedLink {
  private record Queued(Delivery delivery, long order) {}

  private final int capacity;
  private final PriorityQueue<Queued> queue =
      new PriorityQueue<>(
          (a, b) -> {
            int byTime = Double.compare(a.delivery().atMillis(), b.delivery().atMillis());
            return byTime != 0 ? byTime : Long.compare(a.order(), b.order());
          });
  private long added;
  private long overflowed;

  /**
   * @param capacity the most deliveries waiting at once, at least 1
   */
  public ImpairedLink(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Queues {@code delivery}; false (and counted) if the queue is full. */
  public boolean add(Delivery delivery) {
    if (queue.size() >= capacity) {
      overflowed++;
      return false;
    }
    queue.add(new Queued(delivery, added++));
    return true;
  }

  /** Queues each of {@code deliveries}, e.g. what {@link Impairment#offer} returned. */
  public void addAll(List<Delivery> deliveries) {
    deliveries.forEach(this::add);
  }

  /**
   * Removes and returns the deliveries due at {@code nowMillis} (at or before it), earliest first.
   */
  public List<Delivery> poll(double nowMillis) {
    List<Delivery> due = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().delivery().atMillis() <= nowMillis) {
      due.add(queue.poll().delivery());
    }
    return due;
  }

  /** When the next delivery is due, if any is waiting: the time to wake up for. */
  public OptionalDouble nextDueMillis() {
    return queue.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(queue.peek().delivery().atMillis());
  }

  /** Deliveries waiting. */
  public int size() {
    return queue.size();
  }

  public int capacity() {
    return capacity;
  }

  /** Deliveries dropped because the queue was full. */
  public long overflowed() {
    return overflowed;
  }
}
