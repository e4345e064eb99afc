package io.peervoice.nat.internal;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * How many port-prediction bursts a process may send (abuse: each is up to 2 x 1,024 datagrams): at
 * most {@link #BURSTS} in any {@link #WINDOW_NANOS}, and at most one toward any one network (the
 * destination's /24, or /48 for IPv6) in that window. The peer names the address a burst goes to
 * (its reflexive candidate); a peer that gets us to call it, or that calls us, again and again
 * cannot make us spray more than that, nor aim more than one burst's worth at one network a minute.
 * The table holds at most {@link #BURSTS} entries. Thread-safe.
 */
final class ProbeBudget {
  /** Bursts allowed per window. */
  static final int BURSTS = 4;

  /** The window: one minute. */
  static final long WINDOW_NANOS = 60_000_000_000L;

  /** The process's budget, on {@link System#nanoTime()}. */
  static final ProbeBudget PROCESS = new ProbeBudget(System::nanoTime);

  private record Spent(long nanos, byte[] network) {}

  private final LongSupplier nanos;
  private final ArrayDeque<Spent> spent = new ArrayDeque<>();

  ProbeBudget(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /**
   * Takes one burst toward {@code destination} if the window has room and no burst went to its
   * network within it; false when refused.
   */
  synchronized boolean tryTake(InetAddress destination) {
    long now = nanos.getAsLong();
    while (!spent.isEmpty() && now - spent.peekFirst().nanos() >= WINDOW_NANOS) {
      spent.pollFirst();
    }
    byte[] network = network(destination);
    if (spent.size() >= BURSTS
        || spent.stream().anyMatch(s -> Arrays.equals(s.network(), network))) {
      return false;
    }
    spent.addLast(new Spent(now, network));
    return true;
  }

  /** The network of {@code address}: its first 3 bytes (IPv4) or 6 (IPv6). */
  static byte[] network(InetAddress address) {
    byte[] a = address.getAddress();
    return Arrays.copyOf(a, a.length == 4 ? 3 : 6);
  }
}
