package io.peervoice.nat.internal.stun;

import java.util.Arrays;

/**
 * The transaction ids of requests still awaiting a response, with when each was sent: a fixed
 * number of slots, the oldest forgotten when a new one needs room. Not thread-safe.
 */
final class OutstandingTransactions {
  private final byte[][] ids;
  private final long[] sentMillis;
  private final boolean[] used;

  OutstandingTransactions(int capacity) {
    ids = new byte[capacity][12];
    sentMillis = new long[capacity];
    used = new boolean[capacity];
  }

  /** Remembers {@code tid}, forgetting the oldest entry if all slots are taken. */
  void add(byte[] tid, long nowMillis) {
    int slot = -1;
    for (int i = 0; i < used.length; i++) {
      if (!used[i]) {
        slot = i;
        break;
      }
    }
    if (slot < 0) {
      slot = 0;
      for (int i = 0; i < used.length; i++) {
        if (sentMillis[i] < sentMillis[slot]) {
          slot = i;
        }
      }
    }
    System.arraycopy(tid, 0, ids[slot], 0, 12);
    sentMillis[slot] = nowMillis;
    used[slot] = true;
  }

  /** Forgets {@code tid} and returns true if it was outstanding. */
  boolean remove(byte[] tid) {
    for (int i = 0; i < used.length; i++) {
      if (used[i] && Arrays.equals(ids[i], tid)) {
        used[i] = false;
        return true;
      }
    }
    return false;
  }

  /** Whether {@code tid} is outstanding. */
  boolean contains(byte[] tid) {
    for (int i = 0; i < used.length; i++) {
      if (used[i] && Arrays.equals(ids[i], tid)) {
        return true;
      }
    }
    return false;
  }

  /** Forgets entries sent before {@code cutoffMillis}. */
  void expireBefore(long cutoffMillis) {
    for (int i = 0; i < used.length; i++) {
      if (used[i] && sentMillis[i] < cutoffMillis) {
        used[i] = false;
      }
    }
  }

  /** How many are outstanding. */
  int size() {
    int n = 0;
    for (boolean u : used) {
      n += u ? 1 : 0;
    }
    return n;
  }

  void clear() {
    Arrays.fill(used, false);
  }
}
