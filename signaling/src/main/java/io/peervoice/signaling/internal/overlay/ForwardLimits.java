package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * S7 webroute: the bounds on {@link Forwarder}'s work (docs/webrtc.md, "Reaching peers on other
 * nodes"). A forward takes a token from its client's IP prefix (a rate and a burst, on top of the
 * per-source datagram limit every message already passed) and a place in the table of forwards in
 * flight, which is bounded per client address (count and payload bytes) and in all (count and
 * bytes). {@link #release} gives the place back when the forward is answered. Single-threaded.
 */
final class ForwardLimits {
  /** Why a forward was refused, or {@code NONE}. */
  enum Refusal {
    NONE,
    /** The client's rate is spent. */
    RATE,
    /** The client's or the node's table of forwards in flight is full. */
    FULL
  }

  /** The bounds; every value at least 1. */
  record Bounds(
      double ratePerSecond,
      double burst,
      int pendingPerClient,
      int bytesPerClient,
      int pendingOverall,
      long bytesOverall) {
    Bounds {
      if (ratePerSecond <= 0 || burst < 1 || pendingPerClient < 1 || bytesPerClient < 1) {
        throw new IllegalArgumentException("forward bounds must be positive");
      }
      if (pendingOverall < pendingPerClient || bytesOverall < bytesPerClient) {
        throw new IllegalArgumentException("the node's forward bounds must cover one client's");
      }
    }

    /**
     * 20 fragments a second with bursts of 48 (a WEB_OFFER of 12 KiB is 11 fragments); 32 in flight
     * and 36 KiB per client; 1,024 and 1 MiB in all.
     */
    static Bounds defaults() {
      return new Bounds(20, 48, 32, 36 * 1024, 1_024, 1 << 20);
    }
  }

  private static final class Use {
    int count;
    int bytes;
  }

  private final Bounds bounds;
  private final RateLimiter rate;
  private final Map<InetSocketAddress, Use> inFlight = new HashMap<>();
  private int count;
  private long bytes;

  ForwardLimits(Bounds bounds, int maxSources) {
    this.bounds = bounds;
    this.rate = new RateLimiter(bounds.ratePerSecond(), bounds.burst(), maxSources);
  }

  /** Takes a place for a forward of {@code size} payload bytes from {@code client}. */
  Refusal take(InetSocketAddress client, int size, long nowMillis) {
    Use use = inFlight.get(client);
    int clientCount = use == null ? 0 : use.count;
    int clientBytes = use == null ? 0 : use.bytes;
    if (clientCount + 1 > bounds.pendingPerClient()
        || clientBytes + size > bounds.bytesPerClient()
        || count + 1 > bounds.pendingOverall()
        || bytes + size > bounds.bytesOverall()) {
      return Refusal.FULL;
    }
    if (!rate.allow(client, nowMillis)) {
      return Refusal.RATE;
    }
    Use u = inFlight.computeIfAbsent(client, c -> new Use());
    u.count++;
    u.bytes += size;
    count++;
    bytes += size;
    return Refusal.NONE;
  }

  /** Gives back the place a forward of {@code size} bytes from {@code client} took. */
  void release(InetSocketAddress client, int size) {
    Use u = inFlight.get(client);
    if (u == null) {
      return;
    }
    u.count--;
    u.bytes -= size;
    count--;
    bytes -= size;
    if (u.count <= 0) {
      inFlight.remove(client);
    }
  }

  void sweep(long nowMillis) {
    rate.sweep(nowMillis);
  }

  /** Forwards in flight now. */
  int pending() {
    return count;
  }
}
