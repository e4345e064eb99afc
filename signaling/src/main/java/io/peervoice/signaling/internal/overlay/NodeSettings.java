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
 * @param attachIdleMillis an attachment silent this long is dropped (default 90 s: three of the
 *     longest client keepalive, 30 s, so a client at the 25 s default may miss two; a client whose
 *     attachment was dropped hears so in its next PONG and attaches again at once)
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
 * @param notes S6 missed: bounds on the missed-call notes held for peers
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
    NodeGuards guards,
    NoteLimits notes) {

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
        NodeGuards.defaults(),
        NoteLimits.defaults());
  }

  /** These settings with other abuse defences. */
  public NodeSettings withGuards(NodeGuards g) {
    return toBuilder().guards(g).build();
  }

  /** The same with another per-IP rate limit. */
  public NodeSettings withRate(double perSecond, double burst) {
    return toBuilder().ratePerSource(perSecond).burstPerSource(burst).build();
  }

  /** The same with another record count bound. */
  public NodeSettings withMaxRecords(int max) {
    return toBuilder().maxRecords(max).build();
  }

  /** The same with another node-to-node request timeout. */
  public NodeSettings withRequestTimeout(long millis) {
    return toBuilder().requestTimeoutMillis(millis).build();
  }

  /** The same with another per-subnet bucket limit (0: none). */
  public NodeSettings withMaxPerSubnet(int max) {
    return toBuilder().maxPerSubnet(max).build();
  }

  /** The same with {@code d} disjoint lookup paths. */
  public NodeSettings withDisjointPaths(int d) {
    return toBuilder().disjointPaths(d).build();
  }

  /** The same with another node id work (bits). */
  public NodeSettings withNodeIdWork(int bits) {
    return toBuilder().nodeIdWork(bits).build();
  }

  /** A builder starting from these settings; {@link Builder#build()} validates. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Derives settings from others, naming only what changes (components as on the record). */
  public static final class Builder {
    private int k;
    private int alpha;
    private long requestTimeoutMillis;
    private long pushTimeoutMillis;
    private int maxRecords;
    private int maxAttachments;
    private int maxPending;
    private double ratePerSource;
    private double burstPerSource;
    private int maxSources;
    private long attachIdleMillis;
    private long maxRecordLifetimeMillis;
    private long attachSkewMillis;
    private long refreshMillis;
    private int maxPerSubnet;
    private int disjointPaths;
    private int nodeIdWork;
    private NodeGuards guards;
    private NoteLimits notes;

    private Builder(NodeSettings s) {
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
      notes = s.notes;
    }

    public Builder k(int value) {
      k = value;
      return this;
    }

    public Builder alpha(int value) {
      alpha = value;
      return this;
    }

    public Builder requestTimeoutMillis(long value) {
      requestTimeoutMillis = value;
      return this;
    }

    public Builder pushTimeoutMillis(long value) {
      pushTimeoutMillis = value;
      return this;
    }

    public Builder maxRecords(int value) {
      maxRecords = value;
      return this;
    }

    public Builder maxAttachments(int value) {
      maxAttachments = value;
      return this;
    }

    public Builder maxPending(int value) {
      maxPending = value;
      return this;
    }

    public Builder ratePerSource(double value) {
      ratePerSource = value;
      return this;
    }

    public Builder burstPerSource(double value) {
      burstPerSource = value;
      return this;
    }

    public Builder maxSources(int value) {
      maxSources = value;
      return this;
    }

    public Builder attachIdleMillis(long value) {
      attachIdleMillis = value;
      return this;
    }

    public Builder maxRecordLifetimeMillis(long value) {
      maxRecordLifetimeMillis = value;
      return this;
    }

    public Builder attachSkewMillis(long value) {
      attachSkewMillis = value;
      return this;
    }

    public Builder refreshMillis(long value) {
      refreshMillis = value;
      return this;
    }

    public Builder maxPerSubnet(int value) {
      maxPerSubnet = value;
      return this;
    }

    public Builder disjointPaths(int value) {
      disjointPaths = value;
      return this;
    }

    public Builder nodeIdWork(int value) {
      nodeIdWork = value;
      return this;
    }

    public Builder guards(NodeGuards value) {
      guards = value;
      return this;
    }

    /** S6 missed: bounds on held missed-call notes. */
    public Builder notes(NoteLimits value) {
      notes = java.util.Objects.requireNonNull(value, "notes");
      return this;
    }

    /** The settings; throws {@link IllegalArgumentException} for values out of range. */
    public NodeSettings build() {
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
          guards,
          notes);
    }
  }
}
