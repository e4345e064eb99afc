package io.peervoice.signaling.internal.overlay;

/**
 * How many entries of a table each {@link IpPrefix} holds, for per-prefix quotas: an
 * open-addressing hash table of primitive keys and counts (about 20 bytes a prefix, where a {@code
 * HashMap<IpPrefix, Integer>} costs about 90). A prefix whose count drops to 0 is removed.
 * Single-threaded.
 */
final class PrefixCounts {
  private long[] bits = new long[16];
  private byte[] used = new byte[16]; // 0 empty, 1 IPv4, 2 IPv6
  private int[] counts = new int[16];
  private int size;

  /** How many entries {@code prefix} holds (0 if none). */
  int get(IpPrefix prefix) {
    int i = find(prefix.bits(), kind(prefix));
    return i < 0 ? 0 : counts[i];
  }

  /** Counts one more entry of {@code prefix}. */
  void increment(IpPrefix prefix) {
    byte kind = kind(prefix);
    int i = find(prefix.bits(), kind);
    if (i >= 0) {
      counts[i]++;
      return;
    }
    if ((size + 1) * 3 > bits.length * 2) {
      grow();
    }
    i = slot(prefix.bits(), kind);
    bits[i] = prefix.bits();
    used[i] = kind;
    counts[i] = 1;
    size++;
  }

  /** Counts one entry of {@code prefix} less (forgetting the prefix at 0). */
  void decrement(IpPrefix prefix) {
    int i = find(prefix.bits(), kind(prefix));
    if (i < 0) {
      return;
    }
    if (--counts[i] > 0) {
      return;
    }
    size--;
    int mask = bits.length - 1;
    used[i] = 0;
    for (int j = (i + 1) & mask; used[j] != 0; j = (j + 1) & mask) {
      int home = home(bits[j], used[j]);
      boolean stays = (j > i) ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        bits[i] = bits[j];
        used[i] = used[j];
        counts[i] = counts[j];
        used[j] = 0;
        i = j;
      }
    }
  }

  /** Prefixes with a count above 0. */
  int size() {
    return size;
  }

  private static byte kind(IpPrefix prefix) {
    return prefix.v6() ? (byte) 2 : (byte) 1;
  }

  private int home(long key, byte kind) {
    return AddressTable.mix(key ^ (kind == 2 ? 0x9E3779B97F4A7C15L : 0)) & (bits.length - 1);
  }

  private int find(long key, byte kind) {
    int mask = bits.length - 1;
    for (int i = home(key, kind); used[i] != 0; i = (i + 1) & mask) {
      if (used[i] == kind && bits[i] == key) {
        return i;
      }
    }
    return -1;
  }

  private int slot(long key, byte kind) {
    int mask = bits.length - 1;
    int i = home(key, kind);
    while (used[i] != 0) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldBits = bits;
    byte[] oldUsed = used;
    int[] oldCounts = counts;
    bits = new long[oldBits.length * 2];
    used = new byte[oldBits.length * 2];
    counts = new int[oldBits.length * 2];
    for (int j = 0; j < oldBits.length; j++) {
      if (oldUsed[j] != 0) {
        int i = slot(oldBits[j], oldUsed[j]);
        bits[i] = oldBits[j];
        used[i] = oldUsed[j];
        counts[i] = oldCounts[j];
      }
    }
  }
}
