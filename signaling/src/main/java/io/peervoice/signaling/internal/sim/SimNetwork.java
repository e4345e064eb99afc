package io.peervoice.signaling.internal.sim;

import io.peervoice.signaling.internal.overlay.Env;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A deterministic network in virtual time: datagrams arrive after a seeded random latency or are
 * lost, timers fire in order, nothing runs concurrently. Hosts can be killed (their datagrams go
 * nowhere and their timers stop).
 */
public final class SimNetwork {
  private static final class Event implements Comparable<Event> {
    final long at;
    final long order;
    final Runnable task;
    final InetSocketAddress owner;
    boolean cancelled;

    Event(long at, long order, Runnable task, InetSocketAddress owner) {
      this.at = at;
      this.order = order;
      this.task = task;
      this.owner = owner;
    }

    @Override
    public int compareTo(Event o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
    }
  }

  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final Map<InetSocketAddress, BiConsumer<InetSocketAddress, byte[]>> hosts =
      new HashMap<>();
  private final SplittableRandom random;
  private final long minLatency;
  private final long maxLatency;
  private final double loss;
  private final long wallBase;
  private long now;
  private long order;
  private long delivered;
  private long lost;

  /**
   * @param seed the seed of every random choice
   * @param minLatencyMillis lowest one-way latency
   * @param maxLatencyMillis highest one-way latency (uniform between)
   * @param loss probability a datagram is lost
   * @param wallBase the Unix time virtual time 0 stands for
   */
  public SimNetwork(
      long seed, long minLatencyMillis, long maxLatencyMillis, double loss, long wallBase) {
    this.random = new SplittableRandom(seed);
    this.minLatency = minLatencyMillis;
    this.maxLatency = maxLatencyMillis;
    this.loss = loss;
    this.wallBase = wallBase;
  }

  /** Registers a host at {@code address} and returns its environment. */
  public Env attach(InetSocketAddress address, BiConsumer<InetSocketAddress, byte[]> receiver) {
    hosts.put(address, receiver);
    return new Env() {
      @Override
      public long nowMillis() {
        return now;
      }

      @Override
      public long wallMillis() {
        return wallBase + now;
      }

      @Override
      public Cancellable schedule(long delayMillis, Runnable task) {
        Event e = enqueue(now + Math.max(0, delayMillis), task, address);
        return () -> e.cancelled = true;
      }

      @Override
      public void send(InetSocketAddress to, byte[] datagram) {
        if (!hosts.containsKey(address)) {
          return;
        }
        if (loss > 0 && random.nextDouble() < loss) {
          lost++;
          return;
        }
        long latency = minLatency + random.nextLong(maxLatency - minLatency + 1);
        enqueue(
            now + latency,
            () -> {
              BiConsumer<InetSocketAddress, byte[]> target = hosts.get(to);
              if (target != null) {
                delivered++;
                target.accept(address, datagram);
              }
            },
            null);
      }
    };
  }

  /** Kills the host at {@code address}: it receives nothing more and its timers stop. */
  public void kill(InetSocketAddress address) {
    hosts.remove(address);
  }

  public boolean alive(InetSocketAddress address) {
    return hosts.containsKey(address);
  }

  private Event enqueue(long at, Runnable task, InetSocketAddress owner) {
    Event e = new Event(at, order++, task, owner);
    queue.add(e);
    return e;
  }

  /** Runs events until virtual time {@code until}. */
  public void runUntil(long until) {
    while (!queue.isEmpty() && queue.peek().at <= until) {
      runOne();
    }
    now = Math.max(now, until);
  }

  /** Runs events until {@code done} holds or {@code limitMillis} of virtual time pass. */
  public boolean runUntil(BooleanSupplier done, long limitMillis) {
    long until = now + limitMillis;
    while (!done.getAsBoolean()) {
      if (queue.isEmpty() || queue.peek().at > until) {
        now = until;
        return done.getAsBoolean();
      }
      runOne();
    }
    return true;
  }

  private void runOne() {
    Event e = queue.poll();
    now = e.at;
    if (e.cancelled || (e.owner != null && !hosts.containsKey(e.owner))) {
      return;
    }
    e.task.run();
  }

  public long now() {
    return now;
  }

  public long delivered() {
    return delivered;
  }

  public long lost() {
    return lost;
  }
}
