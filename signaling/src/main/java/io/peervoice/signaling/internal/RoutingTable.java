package io.peervoice.signaling.internal;

import io.peervoice.signaling.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kademlia routing table (Maymounkov and Mazières, 2002): 160 k-buckets by the length of the
 * prefix a node shares with our own id, each ordered from least to most recently seen. A full
 * bucket keeps its old nodes (long-lived nodes stay up); the caller pings the least recently seen
 * one and evicts it only if it does not answer. A bucket holds at most {@code maxPerSubnet} nodes
 * of one IPv4 /24 or IPv6 /48 ({@link Subnet}), so one network cannot fill a bucket (eclipse
 * resistance, see {@code docs/protocol.md}). Pure logic; not thread-safe.
 */
public final class RoutingTable {

  /** What {@link #offer} did. */
  public sealed interface Offer {
    record Added() implements Offer {}

    record Refreshed() implements Offer {}

    /** The bucket is full: ping {@code leastRecent}; {@link #evict} it if it is gone. */
    record BucketFull(NodeRef leastRecent) implements Offer {}

    record Self() implements Offer {}

    /** Refused: the bucket already holds {@code maxPerSubnet} nodes of the node's subnet. */
    record SubnetFull() implements Offer {}
  }

  private record Entry(NodeRef node, Instant lastSeen) {}

  private final PeerId self;
  private final int k;
  private final int maxPerSubnet;
  private final List<LinkedHashMap<PeerId, Entry>> buckets = new ArrayList<>();
  private final Instant[] lastChanged = new Instant[PeerId.LENGTH * 8];

  /** A table without a per-subnet limit. */
  public RoutingTable(PeerId self, int k) {
    this(self, k, 0);
  }

  /**
   * @param maxPerSubnet the most nodes of one IPv4 /24 or IPv6 /48 in a bucket; 0 for no limit
   */
  public RoutingTable(PeerId self, int k, int maxPerSubnet) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    if (maxPerSubnet < 0) {
      throw new IllegalArgumentException("maxPerSubnet must be 0 (off) or positive");
    }
    this.self = self;
    this.k = k;
    this.maxPerSubnet = maxPerSubnet;
    for (int i = 0; i < PeerId.LENGTH * 8; i++) {
      buckets.add(new LinkedHashMap<>());
    }
  }

  /** The bucket of {@code id}: the number of leading bits it shares with our id. */
  int bucketOf(PeerId id) {
    byte[] d = self.distance(id);
    for (int i = 0; i < d.length; i++) {
      if (d[i] != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(d[i] & 0xFF) - 24;
      }
    }
    return PeerId.LENGTH * 8 - 1;
  }

  /** Records that {@code node} was seen alive at {@code now}. */
  public Offer offer(NodeRef node, Instant now) {
    if (node.id().equals(self)) {
      return new Offer.Self();
    }
    int index = bucketOf(node.id());
    LinkedHashMap<PeerId, Entry> bucket = buckets.get(index);
    Entry old = bucket.get(node.id());
    boolean sameSubnet =
        old != null && Subnet.of(old.node().address()).equals(Subnet.of(node.address()));
    if (!sameSubnet && subnetFull(bucket, node)) {
      return new Offer.SubnetFull();
    }
    bucket.remove(node.id());
    if (old != null || bucket.size() < k) {
      bucket.put(node.id(), new Entry(node, now));
      lastChanged[index] = now;
      return old != null ? new Offer.Refreshed() : new Offer.Added();
    }
    return new Offer.BucketFull(bucket.values().iterator().next().node());
  }

  private boolean subnetFull(LinkedHashMap<PeerId, Entry> bucket, NodeRef node) {
    if (maxPerSubnet == 0) {
      return false;
    }
    Subnet subnet = Subnet.of(node.address());
    int same = 0;
    for (Entry e : bucket.values()) {
      if (!e.node().id().equals(node.id()) && Subnet.of(e.node().address()).equals(subnet)) {
        same++;
      }
    }
    return same >= maxPerSubnet;
  }

  /**
   * Whether {@code node} is in the table, or its bucket has room for it (also for its subnet):
   * worth proving it.
   */
  public boolean hasRoomFor(NodeRef node) {
    if (node.id().equals(self)) {
      return false;
    }
    LinkedHashMap<PeerId, Entry> bucket = buckets.get(bucketOf(node.id()));
    Entry old = bucket.get(node.id());
    if (old != null && old.node().address().equals(node.address())) {
      return true;
    }
    return (old != null || bucket.size() < k) && !subnetFull(bucket, node);
  }

  /** Forgets a node that stopped answering. */
  public boolean evict(PeerId node) {
    return buckets.get(bucketOf(node)).remove(node) != null;
  }

  public Optional<NodeRef> find(PeerId node) {
    return Optional.ofNullable(buckets.get(bucketOf(node)).get(node)).map(Entry::node);
  }

  /** Up to {@code count} known nodes closest to {@code target} by XOR distance, closest first. */
  public List<NodeRef> closest(PeerId target, int count) {
    Comparator<NodeRef> byDistance =
        Comparator.comparing(n -> target.distance(n.id()), java.util.Arrays::compareUnsigned);
    return buckets.stream()
        .flatMap(b -> b.values().stream())
        .map(Entry::node)
        .sorted(byDistance)
        .limit(count)
        .toList();
  }

  /** The least recently seen node of each non-empty bucket: the ones to ping for liveness. */
  public List<NodeRef> leastRecentPerBucket() {
    List<NodeRef> out = new ArrayList<>();
    for (LinkedHashMap<PeerId, Entry> b : buckets) {
      if (!b.isEmpty()) {
        out.add(b.values().iterator().next().node());
      }
    }
    return out;
  }

  public int size() {
    return buckets.stream().mapToInt(Map::size).sum();
  }

  /** Buckets that hold nodes but saw no change for {@code interval}: refresh them by a lookup. */
  public List<Integer> staleBuckets(Instant now, Duration interval) {
    List<Integer> stale = new ArrayList<>();
    for (int i = 0; i < buckets.size(); i++) {
      if (!buckets.get(i).isEmpty() && lastChanged[i].plus(interval).isBefore(now)) {
        stale.add(i);
      }
    }
    return stale;
  }
}
