package io.peervoice.session;

import io.peervoice.media.srtp.SrtpKeys;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keys agreed end to end by the layer above, handed over once: the session asks for them when ICE
 * selected a path and waits until {@link #complete} (media starts on the later of the two); every
 * later ask (after an ICE restart) gets the same keys. A PeerVoice phone completes it with the keys
 * it derives from the call's signed X25519 shares ({@code docs/calls.md}, "Media keys").
 * Thread-safe.
 */
public final class AgreedKeying implements SrtpKeying {
  private final CompletableFuture<SrtpKeys> agreed = new CompletableFuture<>();

  AgreedKeying() {}

  /**
   * Hands over the agreed keys; media starts if a path is already selected.
   *
   * @throws IllegalStateException if keys were already handed over or the agreement failed
   */
  public void complete(SrtpKeys keys) {
    Objects.requireNonNull(keys, "keys");
    if (!agreed.complete(keys)) {
      throw new IllegalStateException("the keys were already agreed");
    }
  }

  /** The agreement failed: media waiting for keys fails with {@code cause}. */
  public void fail(Throwable cause) {
    agreed.completeExceptionally(cause);
  }

  /** Whether {@link #complete} was called. */
  public boolean isAgreed() {
    return agreed.isDone() && !agreed.isCompletedExceptionally();
  }

  @Override
  public CompletionStage<SrtpKeys> keys(KeyingPath path) {
    return agreed.minimalCompletionStage();
  }
}
