package io.peervoice.nat;

import java.util.List;
import java.util.Objects;

/**
 * What one ICE agent tells its peer: credentials (RFC 8445 §5.3) and candidates.
 *
 * @param ufrag username fragment, at least 4 characters
 * @param password password, at least 22 characters
 * @param candidates gathered candidates, best first
 */
public record IceParameters(String ufrag, String password, List<IceCandidate> candidates) {

  public IceParameters {
    Objects.requireNonNull(ufrag, "ufrag");
    Objects.requireNonNull(password, "password");
    if (ufrag.length() < 4 || ufrag.length() > 256) {
      throw new IllegalArgumentException("ICE ufrag must be 4..256 chars (RFC 8839 §5.4)");
    }
    if (password.length() < 22 || password.length() > 256) {
      throw new IllegalArgumentException("ICE password must be 22..256 chars (RFC 8839 §5.4)");
    }
    candidates = List.copyOf(candidates);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "IceParameters[ufrag=" + ufrag + ", candidates=" + candidates + "]";
  }
}
