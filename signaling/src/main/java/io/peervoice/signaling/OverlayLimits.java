package io.peervoice.signaling;

/** Documented sizes of the overlay (see {@code docs/protocol.md}). */
public final class OverlayLimits {
  /**
   * The largest payload {@link OverlayClient#send} accepts: 16 fragments of 1,100 bytes carry the
   * sealed envelope, whose overhead (keys, ids, nonce, tag, signature) is under 200 bytes.
   */
  public static final int MAX_MESSAGE = 16 * 1100 - 200;

  private OverlayLimits() {}
}
