package io.peervoice.media.srtp;

/** Outcome of {@link SrtpReceiver#unprotect}: the plain RTP bytes or why they were dropped. */
public sealed interface UnprotectResult {

  /** Authenticated and decrypted; {@code rtp} is the plain RTP packet. */
  record Accepted(byte[] rtp) implements UnprotectResult {}

  /** Dropped; nothing of the packet may be used. */
  record Rejected(SrtpRejection reason) implements UnprotectResult {}
}
