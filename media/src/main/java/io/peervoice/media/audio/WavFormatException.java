package io.peervoice.media.audio;

import java.io.IOException;

/** A file is not a WAV file PeerVoice can read; the message names the file and the problem. */
public final class WavFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public WavFormatException(String message) {
    super(message);
  }
}
