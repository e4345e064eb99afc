package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.overlay.Attachments.Attached;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The attachments by source address: an open-addressing hash table of the {@link Attached} entries
 * themselves, keyed by the address packed in them ({@link Attached#hi}, {@link Attached#lo}, {@link
 * Attached#port}). A slot costs one reference, where a {@code HashMap<InetSocketAddress, ...>}
 * costs a node and the address object (about 120 bytes an entry). Linear probing, deletion by
 * backward shift, kept at most 2/3 full. Single-threaded.
 */
final class AddressTable {
  private Attached[] slots = new Attached[16];
  private int size;

  /** The attachment at the packed address, or null. */
  Attached get(long hi, long lo, int port) {
    int mask = slots.length - 1;
    for (int i = home(hi, lo, port, mask); slots[i] != null; i = (i + 1) & mask) {
      Attached a = slots[i];
      if (a.lo == lo && a.hi == hi && a.port == port) {
        return a;
      }
    }
    return null;
  }

  /** Adds {@code a}, whose address no entry holds. */
  void add(Attached a) {
    if ((size + 1) * 3 > slots.length * 2) {
      Attached[] old = slots;
      slots = new Attached[old.length * 2];
      for (Attached e : old) {
        if (e != null) {
          place(e);
        }
      }
    }
    place(a);
    size++;
  }

  private void place(Attached a) {
    int mask = slots.length - 1;
    int i = home(a.hi, a.lo, a.port, mask);
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = a;
  }

  /** Removes {@code a} (this very entry) if held. */
  void remove(Attached a) {
    int mask = slots.length - 1;
    int i = home(a.hi, a.lo, a.port, mask);
    while (slots[i] != a) {
      if (slots[i] == null) {
        return;
      }
      i = (i + 1) & mask;
    }
    slots[i] = null;
    size--;
    for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      Attached e = slots[j];
      int h = home(e.hi, e.lo, e.port, mask);
      boolean stays = (j > i) ? (h > i && h <= j) : (h > i || h <= j);
      if (!stays) {
        slots[i] = e;
        slots[j] = null;
        i = j;
      }
    }
  }

  /** The entries {@code test} accepts (a new list). */
  List<Attached> select(Predicate<Attached> test) {
    List<Attached> out = new ArrayList<>();
    for (Attached a : slots) {
      if (a != null && test.test(a)) {
        out.add(a);
      }
    }
    return out;
  }

  int size() {
    return size;
  }

  private static int home(long hi, long lo, int port, int mask) {
    return mix(hi * 31 + lo + ((long) port << 48)) & mask;
  }

  /** A 64-bit finalizer (MurmurHash3's fmix64) folded to an int. */
  static int mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
