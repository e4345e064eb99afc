package io.peervoice.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a keying strategy sent before its path was attached, for {@link SessionKeys}: the datagrams
 * sent on an early pair (S19), resent on the path unless the peer answered meanwhile, and (S21) the
 * datagrams of a strategy asked before any pair was valid, held until one is. Each list holds at
 * most {@link #MOST} datagrams (a first flight; later retransmissions beyond it are dropped: the
 * strategy resends them itself). Thread-safe.
 */
final class KeyingBacklog {
  private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

  /** The most datagrams each list keeps. */
  static final int MOST = 4;

  private final List<byte[]> unanswered = new ArrayList<>();
  private final List<byte[]> held = new ArrayList<>();
  private long sendableNanos;

  /** Keeps a copy of what went out on the early pair, to resend on the path. */
  synchronized void sentEarly(byte[] data, int offset, int length) {
    sendable(); // a strategy asked on the early pair sends there first
    if (unanswered.size() < MOST) {
      unanswered.add(Arrays.copyOfRange(data, offset, offset + length));
    }
  }

  /** Holds a copy of what the strategy sent while no pair was valid. */
  synchronized void hold(byte[] data, int offset, int length) {
    if (held.size() < MOST) {
      held.add(Arrays.copyOfRange(data, offset, offset + length));
    }
  }

  /** The held datagrams, now going out on the early pair (kept as sent there). */
  synchronized List<byte[]> releaseToEarlyPair() {
    sendable();
    List<byte[]> out = List.copyOf(held);
    for (byte[] d : held) {
      if (unanswered.size() < MOST) {
        unanswered.add(d);
      }
    }
    held.clear();
    return out;
  }

  /**
   * What goes out on the path attached now: the held datagrams, then, unless the peer {@code
   * answered} on the early pair, what went out there (the peer may have dropped it before its own
   * selection).
   */
  synchronized List<byte[]> releaseToPath(boolean answered) {
    sendable();
    List<byte[]> out = new ArrayList<>(held);
    if (!answered) {
      out.addAll(unanswered);
    }
    held.clear();
    unanswered.clear();
    return out;
  }

  /** {@link System#nanoTime()} when a pair or path first took the datagrams; 0 before. */
  synchronized long sendableSinceNanos() {
    return sendableNanos;
  }

  private void sendable() {
    if (sendableNanos == 0L) {
      sendableNanos = System.nanoTime();
    }
  }

  /** Where released datagrams go: the early pair or the path. */
  interface Sender {
    void send(byte[] data, int offset, int length) throws IOException;
  }

  /** Sends each of {@code datagrams} on {@code to}; a failure is logged and the rest still go. */
  static void sendAll(List<byte[]> datagrams, Sender to, String where) {
    for (byte[] d : datagrams) {
      try {
        to.send(d, 0, d.length);
      } catch (IOException e) {
        log.debug("keying datagram not sent on the {}: {}", where, e.getMessage());
      }
    }
  }
}
