package io.peervoice.media.processing;

/** An engine cannot be loaded or configured; the message says why in one line. */
public final class AudioProcessingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AudioProcessingException(String message) {
    super(message);
  }

  public AudioProcessingException(String message, Throwable cause) {
    super(message, cause);
  }
}
