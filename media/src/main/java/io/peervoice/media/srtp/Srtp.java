package io.peervoice.media.srtp;

import io.peervoice.media.srtp.internal.JitsiSrtpBackend;
import io.peervoice.media.srtp.internal.JitsiSrtpSession;

/** Creates SRTP senders and receivers backed by jitsi-srtp. */
public final class Srtp {

  private Srtp() {}

  /**
   * Loads the SRTP crypto backend ahead of the first call. jitsi-srtp picks its AES implementation
   * by a micro-benchmark on first use (a few hundred ms); doing it here keeps it off the path from
   * answer to first audio. Idempotent and cheap after the first call.
   */
  public static void prepare() {
    JitsiSrtpBackend.prepare();
  }

  /**
   * Which AES implementation SRTP uses: jitsi-srtp's OpenSSL provider ({@code
   * JitsiOpenSslProvider}) when its native library loads, else {@code SunJCE}. Chosen by that rule
   * once per process, not by a start-up benchmark, so every run on a machine names the same one.
   */
  public static String aesBackend() {
    return JitsiSrtpBackend.aesBackend();
  }

  /**
   * The provider of each AES transformation SRTP uses (CTR, GCM, ECB): all {@link #aesBackend()}.
   */
  public static java.util.Map<String, String> aesProviders() {
    return JitsiSrtpBackend.aesProviders();
  }

  /** A sender that protects with {@code keys}. */
  public static SrtpSender sender(SrtpKeyMaterial keys) {
    return JitsiSrtpSession.sender(keys);
  }

  /**
   * A receiver that unprotects what a sender with the same {@code keys} produced, under any SSRC
   * (up to a few). Each packet under an SSRC not yet authenticated costs a key derivation: for a
   * call, whose peer announces its SSRC, use {@link #receiver(SrtpKeyMaterial, int)}.
   */
  public static SrtpReceiver receiver(SrtpKeyMaterial keys) {
    return JitsiSrtpSession.receiver(keys);
  }

  /**
   * A receiver for the one SSRC the peer announced in signaling: its contexts are derived once, on
   * its first packet, and kept; a packet under any other SSRC is rejected as {@link
   * SrtpRejection#UNEXPECTED_SSRC} without a key derivation.
   */
  public static SrtpReceiver receiver(SrtpKeyMaterial keys, int ssrc) {
    return JitsiSrtpSession.receiver(keys, ssrc);
  }
}
