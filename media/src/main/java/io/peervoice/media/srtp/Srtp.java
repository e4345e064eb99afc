package io.peervoice.media.srtp;

import io.peervoice.media.srtp.internal.JitsiSrtpSession;

/** Creates SRTP senders and receivers backed by jitsi-srtp. */
public final class Srtp {

  private Srtp() {}

  /** A sender that protects with {@code keys}. */
  public static SrtpSender sender(SrtpKeyMaterial keys) {
    return JitsiSrtpSession.sender(keys);
  }

  /** A receiver that unprotects what a sender with the same {@code keys} produced. */
  public static SrtpReceiver receiver(SrtpKeyMaterial keys) {
    return JitsiSrtpSession.receiver(keys);
  }
}
