package io.peervoice.nat.internal.stun;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Both agents' ICE short-term credentials (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-7.2.2">§7.2.2</a>, RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-9.1">§9.1</a>). A request we send carries
 * USERNAME {@code remoteUfrag:localUfrag} and is signed with the remote password; a request we
 * answer carries {@code localUfrag:remoteUfrag} and is signed (as is our answer) with the local
 * password. ICE ufrags and passwords are ASCII ice-chars, so SASLprep leaves them unchanged.
 *
 * @param localUfrag our username fragment
 * @param localPassword our password
 * @param remoteUfrag the peer's username fragment
 * @param remotePassword the peer's password
 */
public record IceCredentials(
    String localUfrag, String localPassword, String remoteUfrag, String remotePassword) {

  public IceCredentials {
    Objects.requireNonNull(localUfrag, "localUfrag");
    Objects.requireNonNull(localPassword, "localPassword");
    Objects.requireNonNull(remoteUfrag, "remoteUfrag");
    Objects.requireNonNull(remotePassword, "remotePassword");
    if (localUfrag.isEmpty() || remoteUfrag.isEmpty()) {
      throw new IllegalArgumentException("ICE ufrags must not be empty");
    }
    if (localPassword.isEmpty() || remotePassword.isEmpty()) {
      throw new IllegalArgumentException("ICE passwords must not be empty");
    }
  }

  /** USERNAME of the requests we send: {@code remoteUfrag:localUfrag}. */
  byte[] outgoingUsername() {
    return (remoteUfrag + ":" + localUfrag).getBytes(StandardCharsets.UTF_8);
  }

  /** USERNAME a request to us must carry: {@code localUfrag:remoteUfrag}. */
  byte[] incomingUsername() {
    return (localUfrag + ":" + remoteUfrag).getBytes(StandardCharsets.UTF_8);
  }

  /** The short-term key of what we send as requests and receive as their responses. */
  byte[] remoteKey() {
    return remotePassword.getBytes(StandardCharsets.UTF_8);
  }

  /** The short-term key of requests to us and of our responses. */
  byte[] localKey() {
    return localPassword.getBytes(StandardCharsets.UTF_8);
  }

  /** Never prints the passwords. */
  @Override
  public String toString() {
    return "IceCredentials[local=" + localUfrag + ", remote=" + remoteUfrag + "]";
  }
}
