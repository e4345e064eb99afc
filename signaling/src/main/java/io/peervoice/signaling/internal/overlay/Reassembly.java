package io.peervoice.signaling.internal.overlay;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Puts fragmented messages back together and remembers which were delivered, so duplicates are
 * dropped. Bounded: at most {@code maxPartial} messages in assembly, S7 tel: at most {@code
 * maxPerSource} of them from one source (an IP prefix, or S8 tel a network: that source's oldest is
 * dropped, so one source cannot push out the others' partial messages), and {@code maxRemembered}
 * delivered ids. S8 tel: when all {@code maxPartial} are taken, the source holding the most loses
 * its oldest (the oldest of all among equals), so a flood from many sources pushes out a source
 * with fewer partial messages only once every source holds as few: evicting one honest partial
 * message takes {@code maxPartial} sources.
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
  private final int maxPerSource;
  private final long timeoutMillis;

  /** Fragments from different nodes never mix: a node cannot spoil another node's copy. */
  private record Key(InetSocketAddress node, long messageId) {}

  private final LinkedHashMap<Key, Partial> partial = new LinkedHashMap<>();
  private final Map<IpPrefix, Integer> perSource = new HashMap<>();
  private final Function<InetSocketAddress, IpPrefix> sourceOf;
  private final Map<Long, Boolean> delivered;
  private long dropped;

  Reassembly(int maxPartial, long timeoutMillis, int maxRemembered) {
    this(maxPartial, maxPartial, timeoutMillis, maxRemembered);
  }

  /** S7 tel: as above, at most {@code maxPerSource} in assembly from one source IP prefix. */
  Reassembly(int maxPartial, int maxPerSource, long timeoutMillis, int maxRemembered) {
    this(maxPartial, maxPerSource, timeoutMillis, maxRemembered, IpPrefix::of);
  }

  /** S8 tel: as above, a source being what {@code sourceOf} says (e.g. a /24 network). */
  Reassembly(
      int maxPartial,
      int maxPerSource,
      long timeoutMillis,
      int maxRemembered,
      Function<InetSocketAddress, IpPrefix> sourceOf) {
    this.maxPartial = maxPartial;
    this.maxPerSource = maxPerSource;
    this.timeoutMillis = timeoutMillis;
    this.delivered = BoundedMaps.oldestInserted(maxRemembered);
    this.sourceOf = sourceOf;
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
      IpPrefix source = sourceOf.apply(node);
      if (perSource.getOrDefault(source, 0) >= maxPerSource) {
        dropOldest(source);
      } else if (partial.size() >= maxPartial) {
        dropFromBiggest();
      }
      p = new Partial(fragments, nowMillis);
      partial.put(key, p);
      perSource.merge(source, 1, Integer::sum);
    }
    if (p.parts.length != fragments || p.parts[fragment] != null) {
      return null;
    }
    p.parts[fragment] = payload;
    if (++p.received < fragments) {
      return null;
    }
    partial.remove(key);
    forget(key);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    for (byte[] part : p.parts) {
      whole.writeBytes(part);
    }
    return whole.toByteArray();
  }

  /**
   * S8 tel: drops the oldest partial message of the sources holding the most (every source holds
   * one: the oldest of all). Visits at most {@code maxPartial} entries.
   */
  private void dropFromBiggest() {
    int most = 0;
    for (int n : perSource.values()) {
      most = Math.max(most, n);
    }
    for (Iterator<Key> it = partial.keySet().iterator(); it.hasNext(); ) {
      Key k = it.next();
      if (perSource.getOrDefault(sourceOf.apply(k.node()), 0) == most) {
        it.remove();
        forget(k);
        dropped++;
        return;
      }
    }
  }

  /** Drops the oldest partial message from {@code source} (null: from anyone). */
  private void dropOldest(IpPrefix source) {
    for (Iterator<Key> it = partial.keySet().iterator(); it.hasNext(); ) {
      Key k = it.next();
      if (source == null || sourceOf.apply(k.node()).equals(source)) {
        it.remove();
        forget(k);
        dropped++;
        return;
      }
    }
  }

  private void forget(Key key) {
    perSource.computeIfPresent(sourceOf.apply(key.node()), (k, n) -> n == 1 ? null : n - 1);
  }

  void sweep(long nowMillis) {
    for (Iterator<Map.Entry<Key, Partial>> it = partial.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Partial> e = it.next();
      if (nowMillis - e.getValue().startedMillis > timeoutMillis) {
        it.remove();
        forget(e.getKey());
        dropped++;
      }
    }
  }

  /** Partial messages given up (timed out or pushed out by newer ones). */
  long dropped() {
    return dropped;
  }
}
