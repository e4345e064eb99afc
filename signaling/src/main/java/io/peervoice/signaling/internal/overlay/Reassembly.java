package io.peervoice.signaling.internal.overlay;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts fragmented messages back together and remembers which were delivered, so duplicates are
 * dropped. Bounded: at most {@code maxPartial} messages in assembly (the oldest is dropped) and
 * {@code maxRemembered} delivered ids.
 */
final class Reassembly {
  private static final class Partial {
    final byte[][] parts;
    final long startedMillis;
    int received;

    Partial(int count, long startedMillis) {
      this.parts = new byte[count][];
      this.startedMillis = startedMillis;
    }
  }

  private final int maxPartial;
  private final long timeoutMillis;

  /** Fragments from different nodes never mix: a node cannot spoil another node's copy. */
  private record Key(InetSocketAddress node, long messageId) {}

  private final LinkedHashMap<Key, Partial> partial = new LinkedHashMap<>();
  private final Map<Long, Boolean> delivered;
  private long dropped;

  Reassembly(int maxPartial, long timeoutMillis, int maxRemembered) {
    this.maxPartial = maxPartial;
    this.timeoutMillis = timeoutMillis;
    this.delivered = BoundedMaps.oldestInserted(maxRemembered);
  }

  boolean alreadyDelivered(long messageId) {
    return delivered.containsKey(messageId);
  }

  void markDelivered(long messageId) {
    delivered.put(messageId, Boolean.TRUE);
  }

  /**
   * Adds a fragment pushed by {@code node}; returns the whole message once every fragment arrived
   * from that node, else null.
   */
  byte[] add(
      InetSocketAddress node,
      long messageId,
      int fragment,
      int fragments,
      byte[] payload,
      long nowMillis) {
    if (fragments == 1) {
      return payload;
    }
    Key key = new Key(node, messageId);
    Partial p = partial.get(key);
    if (p == null) {
      if (partial.size() >= maxPartial) {
        Iterator<Key> oldest = partial.keySet().iterator();
        oldest.next();
        oldest.remove();
        dropped++;
      }
      p = new Partial(fragments, nowMillis);
      partial.put(key, p);
    }
    if (p.parts.length != fragments || p.parts[fragment] != null) {
      return null;
    }
    p.parts[fragment] = payload;
    if (++p.received < fragments) {
      return null;
    }
    partial.remove(key);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    for (byte[] part : p.parts) {
      whole.writeBytes(part);
    }
    return whole.toByteArray();
  }

  void sweep(long nowMillis) {
    for (Iterator<Partial> it = partial.values().iterator(); it.hasNext(); ) {
      if (nowMillis - it.next().startedMillis > timeoutMillis) {
        it.remove();
        dropped++;
      }
    }
  }

  /** Partial messages given up (timed out or pushed out by newer ones). */
  long dropped() {
    return dropped;
  }
}
