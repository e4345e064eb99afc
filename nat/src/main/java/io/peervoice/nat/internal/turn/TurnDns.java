package io.peervoice.nat.internal.turn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Looks up TURN server names off the caller's thread, on an executor (blocking lookups), one lookup
 * in flight per name: connectors that need the same name while it is being looked up share it, so a
 * DNS server that does not answer holds one pool thread, not one per call.
 */
public final class TurnDns {
  /** Resolves a host name (blocking). */
  @FunctionalInterface
  interface Resolver {
    InetAddress resolve(String host) throws UnknownHostException;
  }

  private static final class Shared {
    static final TurnDns INSTANCE = new TurnDns(defaultPool());
  }

  private final Resolver resolver;
  private final Executor pool;
  private final Map<String, CompletableFuture<InetAddress>> inFlight = new ConcurrentHashMap<>();

  /**
   * @param pool runs the blocking lookups (bound it: a name server that never answers holds a
   *     thread until the JDK's resolver gives up)
   */
  public TurnDns(Executor pool) {
    this(InetAddress::getByName, pool);
  }

  TurnDns(Resolver resolver, Executor pool) {
    this.resolver = resolver;
    this.pool = pool;
  }

  /** The process-wide instance: two daemon threads, 64 lookups queued at most. */
  public static TurnDns shared() {
    return Shared.INSTANCE;
  }

  /**
   * The address of {@code host}; fails with an {@link UnknownHostException}. The future is shared
   * with the other callers asking for the same name meanwhile: do not complete it.
   */
  CompletableFuture<InetAddress> lookup(String host) {
    CompletableFuture<InetAddress> created = new CompletableFuture<>();
    CompletableFuture<InetAddress> running = inFlight.putIfAbsent(host, created);
    if (running != null) {
      return running;
    }
    created.whenComplete((a, e) -> inFlight.remove(host, created));
    try {
      pool.execute(
          () -> {
            try {
              created.complete(resolver.resolve(host));
            } catch (UnknownHostException | RuntimeException e) {
              created.completeExceptionally(
                  new UnknownHostException("cannot resolve TURN server " + host));
            }
          });
    } catch (RejectedExecutionException e) {
      created.completeExceptionally(
          new UnknownHostException(
              "cannot resolve TURN server " + host + ": too many lookups waiting"));
    }
    return created;
  }

  /** Lookups in flight (for tests). */
  int inFlight() {
    return inFlight.size();
  }

  private static Executor defaultPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "turn-dns");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
