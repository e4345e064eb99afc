package io.peervoice.media.codec;

import io.peervoice.media.codec.internal.OpusNative;

/**
 * Opus (RFC 6716) encoders and decoders for 48 kHz mono speech in 20 ms frames, backed by libopus
 * through JNA.
 */
public final class OpusCodec {

  /** RTP clock rate of Opus, always 48 kHz (RFC 7587 §4.1). */
  public static final int RTP_CLOCK_RATE = 48_000;

  private OpusCodec() {}

  /**
   * Chooses the libopus to load (default {@link OpusLibraryChoice#AUTO}). A native library is
   * loaded once per process: call this before the first codec is created.
   *
   * @throws IllegalStateException if a different library is already loaded
   */
  public static void useLibrary(OpusLibraryChoice choice) {
    OpusNative.choose(choice);
  }

  /** Loads the native library ahead of the first call; idempotent. */
  public static void prepare() {
    OpusNative.prepare();
  }

  public static AudioEncoder encoder(OpusSettings settings) {
    return OpusNative.newEncoder(settings);
  }

  public static AudioDecoder decoder() {
    return OpusNative.newDecoder();
  }

  /** The libopus version string in use, e.g. {@code libopus 1.1.2}. */
  public static String libraryVersion() {
    return OpusNative.versionString();
  }
}
