package io.peervoice.signaling.internal.overlay;

/**
 * A node's defences against abuse (see "Bounds and defences" in {@code docs/protocol.md}). Loopback
 * labs and benchmarks that run many peers or nodes from one IP raise the per-IP figures here; no
 * address is ever exempt in code.
 *
 * @param maxProven source addresses remembered as proven
 * @param provenPerIp proven addresses per IP prefix (IPv4 /32, IPv6 /64)
 * @param provenIdleMillis a proven address silent this long must prove itself again
 * @param signaturesPerIp Ed25519 operations per second done for one IP prefix (bursts of twice)
 * @param signaturesOverall Ed25519 operations per second done for everyone (bursts of twice)
 * @param attachmentsPerIp peers attached from one IP prefix
 * @param recordsPerIp location records stored on behalf of one IP prefix (by STORE or PUBLISH)
 * @param maxRecordBytes bytes of location records held (wire bytes plus a fixed per-entry cost)
 * @param publishRepeatMillis an identical PUBLISH within this long is not replicated again
 */
public record NodeGuards(
    int maxProven,
    int provenPerIp,
    long provenIdleMillis,
    double signaturesPerIp,
    double signaturesOverall,
    int attachmentsPerIp,
    int recordsPerIp,
    long maxRecordBytes,
    long publishRepeatMillis) {

  public static NodeGuards defaults() {
    return new NodeGuards(65_536, 64, 600_000, 20, 400, 64, 100_000, 256L * 1024 * 1024, 10_000);
  }

  /**
   * For labs with many peers behind one address: {@code quota} proven addresses, attachments and
   * records per IP, and {@code signaturesPerIp} Ed25519 operations per second per IP.
   */
  public NodeGuards withPerIp(int quota, double signaturesPerIp) {
    return new NodeGuards(
        maxProven,
        quota,
        provenIdleMillis,
        signaturesPerIp,
        Math.max(signaturesOverall, signaturesPerIp),
        quota,
        Math.max(recordsPerIp, quota),
        maxRecordBytes,
        publishRepeatMillis);
  }

  public NodeGuards withMaxRecordBytes(long bytes) {
    return new NodeGuards(
        maxProven,
        provenPerIp,
        provenIdleMillis,
        signaturesPerIp,
        signaturesOverall,
        attachmentsPerIp,
        recordsPerIp,
        bytes,
        publishRepeatMillis);
  }
}
