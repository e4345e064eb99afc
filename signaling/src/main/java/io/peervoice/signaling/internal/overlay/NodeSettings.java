package io.peervoice.signaling.internal.overlay;

/**
 * Tuning of a rendezvous node's logic; every table is bounded by one of these.
 *
 * @param k bucket size and replication factor
 * @param alpha parallel queries in a lookup
 * @param requestTimeoutMillis how long a node-to-node request may take
 * @param pushTimeoutMillis how long an attached peer has to acknowledge a pushed message
 * @param maxRecords location records held
 * @param maxAttachments peers attached
 * @param maxPending requests and pushes in flight
 * @param ratePerSource datagrams per second allowed from one source IP prefix (all its ports)
 * @param burstPerSource burst allowed from one source IP prefix
 * @param maxSources source prefixes remembered by the rate limiter
 * @param attachIdleMillis an attachment silent this long is dropped
 * @param maxRecordLifetimeMillis the furthest expiry a record may carry
 * @param attachSkewMillis how far an attach timestamp may be from our clock
 * @param refreshMillis bucket refresh and liveness ping period
 * @param maxPerSubnet the most nodes of one IPv4 /24 or IPv6 /48 in a k-bucket (0: no limit;
 *     loopback labs running many nodes on one address set 0)
 * @param disjointPaths d, the disjoint paths a lookup runs over (S/Kademlia, Baumgart and Mizrak
 *     2007, §4.4); 1 is plain Kademlia
 * @param nodeIdWork the leading zero bits a node id's puzzle hash must have to enter a routing
 *     table ({@link io.peervoice.signaling.PeerId#nodeIdWork()}); the same across an overlay
 * @param guards abuse defences: address proofs, signature budget, per-IP quotas, byte bounds
 */
public record NodeSettings(
    int k,
    int alpha,
    long requestTimeoutMillis,
    long pushTimeoutMillis,
    int maxRecords,
    int maxAttachments,
    int maxPending,
    double ratePerSource,
    double burstPerSource,
    int maxSources,
    long attachIdleMillis,
    long maxRecordLifetimeMillis,
    long attachSkewMillis,
    long refreshMillis,
    int maxPerSubnet,
    int disjointPaths,
    int nodeIdWork,
    NodeGuards guards) {

  /** The default node id work: about 1 s of key generation on one core (docs/protocol.md). */
  public static final int DEFAULT_NODE_ID_WORK = 12;

  public NodeSettings {
    if (maxPerSubnet < 0) {
      throw new IllegalArgumentException("maxPerSubnet must be 0 (off) or positive");
    }
    if (disjointPaths < 1) {
      throw new IllegalArgumentException("disjointPaths must be at least 1");
    }
    if (nodeIdWork < 0 || nodeIdWork > 32) {
      throw new IllegalArgumentException("nodeIdWork must be 0..32 bits");
    }
  }

  /**
   * Plain-Kademlia settings (no subnet limit, one lookup path, no node id work) with {@code
   * guards}: for tests of one defence at a time.
   */
  public NodeSettings(
      int k,
      int alpha,
      long requestTimeoutMillis,
      long pushTimeoutMillis,
      int maxRecords,
      int maxAttachments,
      int maxPending,
      double ratePerSource,
      double burstPerSource,
      int maxSources,
      long attachIdleMillis,
      long maxRecordLifetimeMillis,
      long attachSkewMillis,
      long refreshMillis,
      NodeGuards guards) {
    this(
        k,
        alpha,
        requestTimeoutMillis,
        pushTimeoutMillis,
        maxRecords,
        maxAttachments,
        maxPending,
        ratePerSource,
        burstPerSource,
        maxSources,
        attachIdleMillis,
        maxRecordLifetimeMillis,
        attachSkewMillis,
        refreshMillis,
        0,
        1,
        0,
        guards);
  }

  /** As the plain-Kademlia constructor, with the default {@link NodeGuards}. */
  public NodeSettings(
      int k,
      int alpha,
      long requestTimeoutMillis,
      long pushTimeoutMillis,
      int maxRecords,
      int maxAttachments,
      int maxPending,
      double ratePerSource,
      double burstPerSource,
      int maxSources,
      long attachIdleMillis,
      long maxRecordLifetimeMillis,
      long attachSkewMillis,
      long refreshMillis) {
    this(
        k,
        alpha,
        requestTimeoutMillis,
        pushTimeoutMillis,
        maxRecords,
        maxAttachments,
        maxPending,
        ratePerSource,
        burstPerSource,
        maxSources,
        attachIdleMillis,
        maxRecordLifetimeMillis,
        attachSkewMillis,
        refreshMillis,
        0,
        1,
        0,
        NodeGuards.defaults());
  }

  /** Settings with the default {@link NodeGuards}. */
  public NodeSettings(
      int k,
      int alpha,
      long requestTimeoutMillis,
      long pushTimeoutMillis,
      int maxRecords,
      int maxAttachments,
      int maxPending,
      double ratePerSource,
      double burstPerSource,
      int maxSources,
      long attachIdleMillis,
      long maxRecordLifetimeMillis,
      long attachSkewMillis,
      long refreshMillis,
      int maxPerSubnet,
      int disjointPaths,
      int nodeIdWork) {
    this(
        k,
        alpha,
        requestTimeoutMillis,
        pushTimeoutMillis,
        maxRecords,
        maxAttachments,
        maxPending,
        ratePerSource,
        burstPerSource,
        maxSources,
        attachIdleMillis,
        maxRecordLifetimeMillis,
        attachSkewMillis,
        refreshMillis,
        maxPerSubnet,
        disjointPaths,
        nodeIdWork,
        NodeGuards.defaults());
  }

  public static NodeSettings defaults() {
    return new NodeSettings(
        8,
        3,
        500,
        400,
        1_000_000,
        100_000,
        50_000,
        500,
        1_000,
        65_536,
        90_000,
        3_600_000,
        60_000,
        30_000,
        2,
        2,
        DEFAULT_NODE_ID_WORK,
        NodeGuards.defaults());
  }

  /** These settings with other abuse defences. */
  public NodeSettings withGuards(NodeGuards g) {
    return copy(
        c -> {
          c.guards = g;
        });
  }

  /** The same with another per-IP rate limit. */
  public NodeSettings withRate(double perSecond, double burst) {
    return copy(
        c -> {
          c.ratePerSource = perSecond;
          c.burstPerSource = burst;
        });
  }

  /** The same with another record count bound. */
  public NodeSettings withMaxRecords(int max) {
    return copy(
        c -> {
          c.maxRecords = max;
        });
  }

  /** The same with another node-to-node request timeout. */
  public NodeSettings withRequestTimeout(long millis) {
    return copy(
        c -> {
          c.requestTimeoutMillis = millis;
        });
  }

  /** The same with another per-subnet bucket limit (0: none). */
  public NodeSettings withMaxPerSubnet(int max) {
    return copy(
        c -> {
          c.maxPerSubnet = max;
        });
  }

  /** The same with {@code d} disjoint lookup paths. */
  public NodeSettings withDisjointPaths(int d) {
    return copy(
        c -> {
          c.disjointPaths = d;
        });
  }

  /** The same with another node id work (bits). */
  public NodeSettings withNodeIdWork(int bits) {
    return copy(
        c -> {
          c.nodeIdWork = bits;
        });
  }

  private NodeSettings copy(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy, so each {@code with...} names only what it changes. */
  private static final class Copy {
    int k;
    int alpha;
    long requestTimeoutMillis;
    long pushTimeoutMillis;
    int maxRecords;
    int maxAttachments;
    int maxPending;
    double ratePerSource;
    double burstPerSource;
    int maxSources;
    long attachIdleMillis;
    long maxRecordLifetimeMillis;
    long attachSkewMillis;
    long refreshMillis;
    int maxPerSubnet;
    int disjointPaths;
    int nodeIdWork;
    NodeGuards guards;

    Copy(NodeSettings s) {
      k = s.k;
      alpha = s.alpha;
      requestTimeoutMillis = s.requestTimeoutMillis;
      pushTimeoutMillis = s.pushTimeoutMillis;
      maxRecords = s.maxRecords;
      maxAttachments = s.maxAttachments;
      maxPending = s.maxPending;
      ratePerSource = s.ratePerSource;
      burstPerSource = s.burstPerSource;
      maxSources = s.maxSources;
      attachIdleMillis = s.attachIdleMillis;
      maxRecordLifetimeMillis = s.maxRecordLifetimeMillis;
      attachSkewMillis = s.attachSkewMillis;
      refreshMillis = s.refreshMillis;
      maxPerSubnet = s.maxPerSubnet;
      disjointPaths = s.disjointPaths;
      nodeIdWork = s.nodeIdWork;
      guards = s.guards;
    }

    NodeSettings build() {
      return new NodeSettings(
          k,
          alpha,
          requestTimeoutMillis,
          pushTimeoutMillis,
          maxRecords,
          maxAttachments,
          maxPending,
          ratePerSource,
          burstPerSource,
          maxSources,
          attachIdleMillis,
          maxRecordLifetimeMillis,
          attachSkewMillis,
          refreshMillis,
          maxPerSubnet,
          disjointPaths,
          nodeIdWork,
          guards);
    }
  }
}
