package io.peervoice.session;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keys known before the call, the same on every path: for integrators whose own signaling carries
 * them (as SDES does, RFC <a href="https://www.rfc-editor.org/rfc/rfc4568#section-6.1">4568
 * §6.1</a>: each side's send key in its offer or answer), tests and endpoints in one process.
 *
 * @param keys our send key and the peer's
 */
public record PresharedKeys(SrtpKeys keys) implements SrtpKeying {

  public PresharedKeys {
    Objects.requireNonNull(keys, "keys");
  }

  /** Fresh random keys for both directions of {@code profile}. */
  public static PresharedKeys random(SrtpProfile profile, SecureRandom random) {
    return new PresharedKeys(
        new SrtpKeys(
            SrtpKeyMaterial.random(profile, random), SrtpKeyMaterial.random(profile, random)));
  }

  /**
   * The peer's side of these keys: it sends with our receive key and receives with our send key.
   */
  public PresharedKeys peer() {
    return new PresharedKeys(new SrtpKeys(keys.receive(), keys.send()));
  }

  @Override
  public CompletionStage<SrtpKeys> keys(KeyingPath path) {
    return CompletableFuture.completedStage(keys);
  }
}
