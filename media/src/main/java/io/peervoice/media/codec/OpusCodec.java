package io.peervoice.media.codec;

import io.peervoice.media.codec.internal.OpusLibraryResolver;
import io.peervoice.media.codec.internal.OpusNative;
import java.nio.file.Path;

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
   * @throws IllegalArgumentException for {@link OpusLibraryChoice#FILE}: name the file with {@link
   *     #useLibrary(OpusLibraryRequest)}
   */
  public static void useLibrary(OpusLibraryChoice choice) {
    OpusNative.choose(OpusLibraryRequest.of(choice));
  }

  /**
   * Chooses the libopus to load, possibly a file (default: the process's settings, {@link
   * OpusLibraryRequest#fromSettings()}). Call this before the first codec is created.
   *
   * @throws IllegalStateException if a different library is already loaded
   */
  public static void useLibrary(OpusLibraryRequest request) {
    OpusNative.choose(request);
  }

  /**
   * Checks that a file is a loadable libopus, without choosing it.
   *
   * @return its version string, e.g. {@code libopus 1.5.2}
   * @throws CodecException saying what is wrong with the file and what to do
   */
  public static String checkLibraryFile(Path library) {
    return OpusLibraryResolver.checkFile(library);
  }

  /**
   * The PeerVoice library directory that {@link OpusLibraryChoice#AUTO} searches for a {@code
   * libopus.so.0} besides the system's: {@code $PEERVOICE_HOME/lib}, else {@code
   * $XDG_DATA_HOME/peervoice/lib}, else {@code ~/.local/share/peervoice/lib}.
   */
  public static Path libraryDirectory() {
    return OpusLibraryResolver.libraryDirectory(
        System::getenv, Path.of(System.getProperty("user.home")));
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

  /**
   * Where the libopus in use came from: its file and whether that was given, found in the PeerVoice
   * library directory or the system's, or {@code the opus-java jar (bundled)}.
   */
  public static String libraryOrigin() {
    return OpusNative.origin();
  }
}
