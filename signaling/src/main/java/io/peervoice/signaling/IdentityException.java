package io.peervoice.signaling;

import java.io.IOException;

/** An identity file could not be created or read; the message names the file and the problem. */
public final class IdentityException extends IOException {
  private static final long serialVersionUID = 1L;

  public IdentityException(String message) {
    super(message);
  }

  public IdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
