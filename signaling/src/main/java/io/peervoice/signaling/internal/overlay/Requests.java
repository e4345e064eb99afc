package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.wire.Msg;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Requests waiting for a reply, by transaction id: a reply is accepted only from the address the
 * request went to, once; a request unanswered in time gets {@code onTimeout}. Bounded.
 */
final class Requests {
  private record Pending(InetSocketAddress to, Consumer<Msg> onReply, Env.Cancellable timer) {}

  private final Env env;
  private final int max;
  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextTx;

  Requests(Env env, int max, long firstTx) {
    this.env = env;
    this.max = max;
    this.nextTx = firstTx;
  }

  /**
   * Registers a request to {@code to} and returns its transaction id, or -1 when the table is full
   * (the caller fails the request as overloaded).
   */
  long open(InetSocketAddress to, long timeoutMillis, Consumer<Msg> onReply, Runnable onTimeout) {
    if (pending.size() >= max) {
      return -1;
    }
    long tx = nextTx++ & Long.MAX_VALUE;
    Env.Cancellable timer =
        env.schedule(
            timeoutMillis,
            () -> {
              if (pending.remove(tx) != null) {
                onTimeout.run();
              }
            });
    pending.put(tx, new Pending(to, onReply, timer));
    return tx;
  }

  /** Delivers a reply; false if none was waiting for it from {@code from}. */
  boolean reply(InetSocketAddress from, Msg reply) {
    Pending p = pending.get(reply.tx());
    if (p == null || !p.to.equals(from)) {
      return false;
    }
    pending.remove(reply.tx());
    p.timer.cancel();
    p.onReply.accept(reply);
    return true;
  }

  int size() {
    return pending.size();
  }
}
