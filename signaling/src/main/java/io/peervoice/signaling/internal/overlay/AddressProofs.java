package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The asking side of address proofs: before the first request to a node, {@code HELLO} (padded, so
 * the answer is no larger), {@code COOKIE}, {@code HELLO(cookie)}, {@code OK}; then the request.
 * The proof is cached (bounded); a request answered by {@code COOKIE} (the node forgot us) is
 * proven again with that cookie and sent once more. Used by nodes and peers alike. Single-threaded.
 */
final class AddressProofs {
  /** Enough padding that a cookie-less HELLO is never smaller than the COOKIE answering it. */
  static final int PADDING = WireCodec.COOKIE;

  private static final class Proof {
    byte[] cookie;
    long cookieMillis;
    boolean proven;
    final List<Runnable> onProven = new ArrayList<>();
    final List<Runnable> onFailed = new ArrayList<>();
  }

  private final Env env;
  private final WireCodec codec;
  private final Requests requests;
  private final long timeoutMillis;
  private final Map<InetSocketAddress, Proof> proofs;

  AddressProofs(Env env, WireCodec codec, Requests requests, long timeoutMillis, int max) {
    this.env = env;
    this.codec = codec;
    this.requests = requests;
    this.timeoutMillis = timeoutMillis;
    this.proofs =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Proof> eldest) {
            return size() > max && eldest.getValue().onProven.isEmpty();
          }
        };
  }

  /**
   * Sends the request {@code build(tx)} to {@code to} once our address is proven to it. {@code
   * onReply} gets the answer (never a COOKIE); {@code onTimeout} runs if the proof or the request
   * gets no answer in time, or the request table is full.
   */
  void send(
      InetSocketAddress to,
      long requestTimeoutMillis,
      LongFunction<Msg> build,
      Consumer<Msg> onReply,
      Runnable onTimeout) {
    whenProven(
        to, () -> issue(to, requestTimeoutMillis, build, onReply, onTimeout, true), onTimeout);
  }

  /**
   * Runs {@code then} with a cookie of {@code to} for our address that is at most {@code
   * maxAgeMillis} old (fetching a new one if needed), or {@code failed}.
   */
  void freshCookie(
      InetSocketAddress to, long maxAgeMillis, Consumer<byte[]> then, Runnable failed) {
    Proof p = proofs.get(to);
    if (p != null && p.proven && env.nowMillis() - p.cookieMillis <= maxAgeMillis) {
      then.accept(p.cookie);
      return;
    }
    if (p != null && p.proven) {
      proofs.remove(to);
    }
    whenProven(to, () -> then.accept(proofs.get(to).cookie), failed);
  }

  /** Whether our address is (believed) proven to {@code to}. */
  boolean proven(InetSocketAddress to) {
    Proof p = proofs.get(to);
    return p != null && p.proven;
  }

  void forget(InetSocketAddress to) {
    Proof p = proofs.get(to);
    if (p != null && p.proven) {
      proofs.remove(to);
    }
  }

  private void issue(
      InetSocketAddress to,
      long requestTimeoutMillis,
      LongFunction<Msg> build,
      Consumer<Msg> onReply,
      Runnable onTimeout,
      boolean mayRetry) {
    long tx =
        requests.open(
            to,
            requestTimeoutMillis,
            reply -> {
              if (!(reply instanceof Msg.CookieReply c)) {
                onReply.accept(reply);
              } else if (mayRetry) {
                proofs.remove(to);
                Proof p = start(to);
                p.onProven.add(
                    () -> issue(to, requestTimeoutMillis, build, onReply, onTimeout, false));
                p.onFailed.add(onTimeout);
                confirm(to, p, c.cookie());
              } else {
                onTimeout.run();
              }
            },
            onTimeout);
    if (tx < 0) {
      onTimeout.run();
      return;
    }
    env.send(to, codec.encode(build.apply(tx)));
  }

  private void whenProven(InetSocketAddress to, Runnable then, Runnable failed) {
    Proof p = proofs.get(to);
    if (p != null && p.proven) {
      then.run();
      return;
    }
    boolean started = p != null;
    if (!started) {
      p = start(to);
    }
    p.onProven.add(then);
    p.onFailed.add(failed);
    if (!started) {
      hello(to, p);
    }
  }

  private Proof start(InetSocketAddress to) {
    Proof p = new Proof();
    proofs.put(to, p);
    return p;
  }

  private void hello(InetSocketAddress to, Proof p) {
    long tx =
        requests.open(
            to,
            timeoutMillis,
            reply -> {
              if (reply instanceof Msg.CookieReply c) {
                confirm(to, p, c.cookie());
              } else {
                failed(to, p);
              }
            },
            () -> failed(to, p));
    if (tx < 0) {
      failed(to, p);
      return;
    }
    env.send(to, codec.encode(new Msg.Hello(tx, new byte[0], new byte[PADDING])));
  }

  private void confirm(InetSocketAddress to, Proof p, byte[] cookie) {
    long tx =
        requests.open(
            to,
            timeoutMillis,
            reply -> {
              if (reply instanceof Msg.Status s && s.code() == StatusCode.OK.wire()) {
                p.proven = true;
                p.cookie = cookie;
                p.cookieMillis = env.nowMillis();
                List<Runnable> waiting = List.copyOf(p.onProven);
                p.onProven.clear();
                p.onFailed.clear();
                waiting.forEach(Runnable::run);
              } else {
                failed(to, p);
              }
            },
            () -> failed(to, p));
    if (tx < 0) {
      failed(to, p);
      return;
    }
    env.send(to, codec.encode(new Msg.Hello(tx, cookie, new byte[0])));
  }

  private void failed(InetSocketAddress to, Proof p) {
    if (proofs.get(to) == p) {
      proofs.remove(to);
    }
    List<Runnable> waiting = List.copyOf(p.onFailed);
    p.onProven.clear();
    p.onFailed.clear();
    waiting.forEach(Runnable::run);
  }
}
