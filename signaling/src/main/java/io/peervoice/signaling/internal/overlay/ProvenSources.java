package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Source addresses that proved they receive at their address (they echoed a cookie). Bounded three
 * ways: at most {@code max} addresses (the least recently heard forgotten first), at most {@code
 * perPrefix} from one {@link IpPrefix} (that prefix's least recently heard forgotten first), and an
 * address silent for {@code idleMillis} is forgotten. Traffic refreshes an address. A forgotten
 * source simply proves itself again. Single-threaded.
 */
final class ProvenSources {
  private final int max;
  private final int perPrefix;
  private final long idleMillis;
  private final LinkedHashMap<InetSocketAddress, Long> lastHeard =
      new LinkedHashMap<>(256, 0.75f, true);
  private final Map<IpPrefix, LinkedHashSet<InetSocketAddress>> byPrefix = new HashMap<>();

  ProvenSources(int max, int perPrefix, long idleMillis) {
    this.max = max;
    this.perPrefix = perPrefix;
    this.idleMillis = idleMillis;
  }

  /** Marks {@code source} proven (evicting as the bounds require). */
  void prove(InetSocketAddress source, long nowMillis) {
    if (touch(source, nowMillis)) {
      return;
    }
    lastHeard.put(source, nowMillis);
    LinkedHashSet<InetSocketAddress> same =
        byPrefix.computeIfAbsent(IpPrefix.of(source), p -> new LinkedHashSet<>());
    same.add(source);
    if (same.size() > perPrefix) {
      forget(same.iterator().next());
    }
    while (lastHeard.size() > max) {
      forget(lastHeard.keySet().iterator().next());
    }
  }

  /** Whether {@code source} is proven; refreshes it if so. */
  boolean touch(InetSocketAddress source, long nowMillis) {
    Long heard = lastHeard.get(source);
    if (heard == null) {
      return false;
    }
    if (nowMillis - heard > idleMillis) {
      forget(source);
      return false;
    }
    lastHeard.put(source, nowMillis);
    LinkedHashSet<InetSocketAddress> same = byPrefix.get(IpPrefix.of(source));
    same.remove(source);
    same.add(source);
    return true;
  }

  /** Forgets sources idle too long. */
  void sweep(long nowMillis) {
    while (!lastHeard.isEmpty()) {
      Map.Entry<InetSocketAddress, Long> eldest = lastHeard.entrySet().iterator().next();
      if (nowMillis - eldest.getValue() <= idleMillis) {
        return;
      }
      forget(eldest.getKey());
    }
  }

  /** Forgets {@code source} (it must prove itself again, unless vouched for otherwise). */
  void forget(InetSocketAddress source) {
    lastHeard.remove(source);
    IpPrefix prefix = IpPrefix.of(source);
    LinkedHashSet<InetSocketAddress> same = byPrefix.get(prefix);
    if (same != null) {
      same.remove(source);
      if (same.isEmpty()) {
        byPrefix.remove(prefix);
      }
    }
  }

  int size() {
    return lastHeard.size();
  }
}
