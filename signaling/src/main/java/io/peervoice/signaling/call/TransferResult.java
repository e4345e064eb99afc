package io.peervoice.signaling.call;

import io.peervoice.signaling.PeerId;
import java.util.Objects;

/**
 * How a transfer we asked for ended ({@code docs/transfer.md}): the target, the outcome the
 * transferee reported (or {@link TransferOutcome#FAILED} with {@link EndReason#UNREACHABLE} when it
 * said nothing in time), why for a refusal or failure ({@link EndReason#TRANSFERRED} when it
 * completed), and the milliseconds from the request to that outcome.
 */
public record TransferResult(
    PeerId target, TransferOutcome outcome, EndReason reason, long millis) {
  public TransferResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }
}
