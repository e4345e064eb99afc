package io.peervoice.nat.internal.turn;

import io.peervoice.nat.internal.stun.DecodedStun;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * The TURN client's requests awaiting a response, by transaction id (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-6.3">§6.3</a>: a response is taken only for
 * an outstanding transaction). Over TCP and TLS a request is sent once and fails after a timeout
 * (§6.2.2: no retransmission on reliable transports). At most {@link #MAX_OUTSTANDING}. Not
 * thread-safe: the client confines it.
 */
final class TurnRequests {
  /** Requests in flight at once; more are refused. */
  static final int MAX_OUTSTANDING = 64;

  /** What to do with a request's outcome; called under the client's lock. */
  interface Outcome {
    /** A response with this transaction id arrived (integrity already checked). */
    void response(DecodedStun response);

    /** No response within the timeout, or the client closed. */
    void noResponse(String why);
  }

  /** One request in flight. */
  record Pending(
      int method,
      boolean authenticated,
      Outcome outcome,
      ScheduledFuture<?> timer,
      long sentNanos) {}

  private final Map<ByteBuffer, Pending> pending = new HashMap<>();

  boolean full() {
    return pending.size() >= MAX_OUTSTANDING;
  }

  void add(byte[] tid, Pending p) {
    pending.put(ByteBuffer.wrap(tid.clone()), p);
  }

  /** The request with {@code tid}, left in place, or null. */
  Pending peek(byte[] tid) {
    return pending.get(ByteBuffer.wrap(tid));
  }

  /** Removes and returns the request with {@code tid} (its timer cancelled), or null. */
  Pending take(byte[] tid) {
    Pending p = pending.remove(ByteBuffer.wrap(tid));
    if (p != null && p.timer() != null) {
      p.timer().cancel(false);
    }
    return p;
  }

  /** Removes every request and returns them (timers cancelled), to fail them. */
  List<Pending> drain() {
    List<Pending> all = new ArrayList<>(pending.values());
    pending.clear();
    for (Pending p : all) {
      if (p.timer() != null) {
        p.timer().cancel(false);
      }
    }
    return all;
  }

  int size() {
    return pending.size();
  }
}
