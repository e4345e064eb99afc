package io.peervoice.media.jitter.internal;

import java.util.Arrays;

/**
 * A small map from distinct long keys (unwrapped sequence numbers) to values, kept sorted in arrays
 * of a fixed capacity: insertion, lookup and removal allocate nothing (a jitter buffer holds a few
 * dozen packets, so shifting arrays is cheaper than a tree's nodes and boxed keys). Not
 * thread-safe.
 *
 * @param <T> the values
 */
public final class SortedSlots<T> {
  private final long[] keys;
  private final long[] tags;
  private final Object[] values;
  private int size;

  /**
   * @param capacity most entries held at once
   */
  public SortedSlots(int capacity) {
    keys = new long[capacity];
    tags = new long[capacity];
    values = new Object[capacity];
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Whether {@code key} is held. */
  public boolean contains(long key) {
    return Arrays.binarySearch(keys, 0, size, key) >= 0;
  }

  /**
   * Adds {@code value} with a long {@code tag} under a key not held yet.
   *
   * @throws IllegalStateException if full or the key is held already
   */
  public void put(long key, long tag, T value) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    if (at >= 0 || size == keys.length) {
      throw new IllegalStateException(at >= 0 ? "key held: " + key : "full: " + size);
    }
    at = -at - 1;
    System.arraycopy(keys, at, keys, at + 1, size - at);
    System.arraycopy(tags, at, tags, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    keys[at] = key;
    tags[at] = tag;
    values[at] = value;
    size++;
  }

  /** The index of {@code key}, or -1 if not held. */
  public int indexOf(long key) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    return at >= 0 ? at : -1;
  }

  /** The smallest key; only when not empty. */
  public long firstKey() {
    return keys[0];
  }

  public long keyAt(int index) {
    return keys[index];
  }

  public long tagAt(int index) {
    return tags[index];
  }

  @SuppressWarnings("unchecked")
  public T valueAt(int index) {
    return (T) values[index];
  }

  /** Removes the entry at {@code index} and returns its value. */
  public T removeAt(int index) {
    T value = valueAt(index);
    System.arraycopy(keys, index + 1, keys, index, size - index - 1);
    System.arraycopy(tags, index + 1, tags, index, size - index - 1);
    System.arraycopy(values, index + 1, values, index, size - index - 1);
    size--;
    values[size] = null;
    return value;
  }
}
