package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes a client knows of (bootstrap list, then NODES answers; bounded), in the order learnt,
 * and which of them to avoid for now: a node that failed (did not answer, refused us, or died while
 * we were attached) is avoided for {@code badNodeMillis}, doubling with each further failure in a
 * row up to 8 times that (80 s by default), until it works again; while no node is attached, from 1
 * s instead, doubling up to the same 80 s. Single-threaded.
 */
final class KnownNodes {
  private static final int MAX_KNOWN = 64;

  /** The avoidance of a failed node doubles at most this many times. */
  private static final int MAX_BACKOFF_SHIFT = 3;

  /** The first avoidance of a node that failed while no node is attached. */
  static final long DETACHED_RETRY_MILLIS = 1_000;

  private final long badNodeMillis;
  private final List<InetSocketAddress> known = new ArrayList<>();
  private final Map<InetSocketAddress, Long> badUntil = new HashMap<>();
  private final Map<InetSocketAddress, Integer> strikes = new HashMap<>();
  private final java.util.Set<InetSocketAddress> reopened = new java.util.HashSet<>(); // S8
  private final Map<InetSocketAddress, Long> quickRetry = new HashMap<>(); // known nodes only

  KnownNodes(long badNodeMillis) {
    this.badNodeMillis = badNodeMillis;
  }

  void learn(InetSocketAddress node) {
    if (!known.contains(node) && known.size() < MAX_KNOWN) {
      known.add(node);
    }
  }

  /** Every known node, in the order learnt (a copy). */
  List<InetSocketAddress> all() {
    return List.copyOf(known);
  }

  int count() {
    return known.size();
  }

  /** Until when {@code node} is avoided (on the client's clock); 0 if it is not. */
  long avoidedUntil(InetSocketAddress node, long nowMillis) {
    Long until = badUntil.get(node);
    return until == null || until <= nowMillis ? 0 : until;
  }

  /** {@code node} failed: avoid it, longer with each failure in a row. */
  void failed(InetSocketAddress node, long nowMillis) {
    failed(node, nowMillis, false);
  }

  /**
   * {@code node} failed: avoid it, longer with each failure in a row; while the client is attached
   * nowhere ({@code detached}) an attempt that failed is tried again after {@link
   * #DETACHED_RETRY_MILLIS} (doubling, so 1, 2, 4, 8, 16 s .. up to {@code badNodeMillis} times 8,
   * as when attached), not {@code badNodeMillis}: there is no other node to prefer, and one late
   * answer at start (a starved JVM, a lost datagram) must not keep a peer off the overlay for 10 s;
   * a node that stays down is still tried no more often than an attached peer would (a phone with
   * no network does not wake its radio every 8 s). Returns how long it is avoided.
   */
  long failed(InetSocketAddress node, long nowMillis, boolean detached) {
    int n = strikes.merge(node, 1, Integer::sum);
    long most = badNodeMillis << MAX_BACKOFF_SHIFT;
    long avoided =
        detached
            ? Math.min(Math.min(badNodeMillis, DETACHED_RETRY_MILLIS) << Math.min(n - 1, 20), most)
            : badNodeMillis << Math.min(n - 1, MAX_BACKOFF_SHIFT);
    badUntil.put(node, nowMillis + avoided);
    return avoided;
  }

  /**
   * S8 review: every node may be tried at once again, its failures forgotten: the network changed
   * (or the client resumed) while it was attached nowhere, so what failed before says nothing now,
   * and a back-off of up to 80 s must not keep it off the overlay.
   */
  void forgetFailures() {
    strikes.clear();
    badUntil.clear();
  }

  /** {@code node} worked (we attached to it): no longer avoided. */
  void worked(InetSocketAddress node) {
    strikes.remove(node);
    badUntil.remove(node);
  }

  /**
   * A stream to {@code node} opened: it is no longer avoided; S8: if an attempt to attach there is
   * in flight ({@code attempting}), its UDP address proof is void (the node refuses its cookie from
   * the stream), and its failure is retried at once ({@link #retryAtOnce}).
   */
  void streamOpened(InetSocketAddress node, boolean attempting) {
    worked(node);
    if (attempting) {
      reopened.add(node);
    }
  }

  /** The attempt to {@code node} ended (it worked, or {@link #retryAtOnce} was asked). */
  void attemptEnded(InetSocketAddress node) {
    reopened.remove(node);
  }

  /**
   * Whether a failed attempt to {@code node} is tried again at once, not after its back-off: its
   * stream opened during it, and no such retry was made in the last {@code badNodeMillis} (S8
   * review: a node whose stream opens and closes again each time is not tried every second for
   * ever).
   */
  boolean retryAtOnce(InetSocketAddress node, long nowMillis) {
    if (!reopened.remove(node)) {
      return false;
    }
    Long last = quickRetry.get(node);
    if (last != null && nowMillis - last < badNodeMillis) {
      return false;
    }
    quickRetry.put(node, nowMillis);
    return true;
  }
}
