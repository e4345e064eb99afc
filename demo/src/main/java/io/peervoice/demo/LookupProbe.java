package io.peervoice.demo;

import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Looks up random peers' records through a real overlay client, one after another at most {@link
 * #PER_SECOND} a second, until stopped; the round trips of those answered with the peer's record
 * (the client checks the record's signature, as a caller does).
 */
final class LookupProbe implements Runnable {
  static final int PER_SECOND = 20;

  private final OverlayClient client;
  private final List<PeerId> peers;
  private final SplittableRandom random;
  private final List<Double> millis = new ArrayList<>();
  private volatile boolean stopped;
  private int failed;

  LookupProbe(OverlayClient client, List<PeerId> peers, SplittableRandom random) {
    this.client = client;
    this.peers = peers;
    this.random = random;
  }

  @Override
  public void run() {
    long next = System.nanoTime();
    while (!stopped && !peers.isEmpty()) {
      PeerId peer = peers.get(random.nextInt(peers.size()));
      long start = System.nanoTime();
      try {
        LocationRecord r = client.lookup(peer).get(5, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - start) / 1e6;
        synchronized (this) {
          if (r != null && r.peer().equals(peer)) {
            millis.add(ms);
          } else {
            failed++;
          }
        }
      } catch (Exception e) {
        synchronized (this) {
          failed++;
        }
        if (e instanceof InterruptedException) {
          return;
        }
      }
      next += 1_000_000_000L / PER_SECOND;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  void stop() {
    stopped = true;
  }

  synchronized int answered() {
    return millis.size();
  }

  synchronized int failed() {
    return failed;
  }

  /** The {@code q}-quantile of the answered lookups' round trips (-1 if none). */
  synchronized double quantile(double q) {
    if (millis.isEmpty()) {
      return -1;
    }
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
}
