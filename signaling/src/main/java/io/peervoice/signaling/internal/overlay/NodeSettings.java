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
    NodeGuards guards) {

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
        NodeGuards.defaults());
  }

  /** These settings with other abuse defences. */
  public NodeSettings withGuards(NodeGuards g) {
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
        g);
  }

  public static NodeSettings defaults() {
    return new NodeSettings(
        8, 3, 500, 400, 1_000_000, 100_000, 50_000, 500, 1_000, 65_536, 90_000, 3_600_000, 60_000,
        30_000);
  }

  public NodeSettings withRate(double perSecond, double burst) {
    return new NodeSettings(
        k,
        alpha,
        requestTimeoutMillis,
        pushTimeoutMillis,
        maxRecords,
        maxAttachments,
        maxPending,
        perSecond,
        burst,
        maxSources,
        attachIdleMillis,
        maxRecordLifetimeMillis,
        attachSkewMillis,
        refreshMillis,
        guards);
  }

  public NodeSettings withMaxRecords(int max) {
    return new NodeSettings(
        k,
        alpha,
        requestTimeoutMillis,
        pushTimeoutMillis,
        max,
        maxAttachments,
        maxPending,
        ratePerSource,
        burstPerSource,
        maxSources,
        attachIdleMillis,
        maxRecordLifetimeMillis,
        attachSkewMillis,
        refreshMillis,
        guards);
  }

  public NodeSettings withRequestTimeout(long millis) {
    return new NodeSettings(
        k,
        alpha,
        millis,
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
        guards);
  }
}
