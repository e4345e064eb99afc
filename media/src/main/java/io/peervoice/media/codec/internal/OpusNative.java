package io.peervoice.media.codec.internal;

import club.minnced.opus.util.OpusLibrary;
import com.sun.jna.NativeLibrary;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusLibraryChoice;
import io.peervoice.media.codec.OpusSettings;
import java.io.IOException;
import tomp2p.opuswrapper.Opus;

/**
 * Loads libopus once and creates codec states. The per-frame calls go through {@link OpusDirect}
 * (JNA direct mapping), everything else through opus-java's interface proxy. A native library is
 * loaded once per process, so the choice between the system and the bundled libopus is made once,
 * before the first codec.
 */
public final class OpusNative {
  private static OpusLibraryChoice choice = OpusLibraryChoice.AUTO;
  private static OpusLibraryChoice loadedChoice;

  private OpusNative() {}

  /**
   * Sets which libopus to load; must come before the first codec, or name the choice already made.
   */
  public static synchronized void choose(OpusLibraryChoice requested) {
    if (loadedChoice != null && loadedChoice != requested) {
      throw new IllegalStateException(
          "libopus was already loaded as "
              + loadedChoice
              + "; the choice is made once per process");
    }
    choice = requested;
  }

  static synchronized Opus library() {
    if (loadedChoice == null) {
      OpusLibraryResolver.Resolution resolution = OpusLibraryResolver.resolve(choice);
      try {
        boolean loaded =
            resolution.systemLibrary().isPresent()
                ? OpusLibrary.loadFrom(resolution.systemLibrary().get().toString())
                : OpusLibrary.loadFromJar();
        if (!loaded) {
          throw new CodecException("libopus: this platform has no native library");
        }
        Opus proxy = Opus.INSTANCE; // loads the library by the name the loader set
        OpusDirect.register(NativeLibrary.getInstance(System.getProperty("opus.lib")));
        loadedChoice = choice;
        return proxy;
      } catch (IOException | UnsatisfiedLinkError e) {
        throw new CodecException("libopus could not be loaded: " + e.getMessage(), e);
      }
    }
    return Opus.INSTANCE;
  }

  /** Loads libopus now rather than on the first frame of a call. */
  public static void prepare() {
    library();
  }

  public static AudioEncoder newEncoder(OpusSettings settings) {
    return new JnaOpusEncoder(library(), settings);
  }

  public static AudioDecoder newDecoder() {
    return new JnaOpusDecoder(library());
  }

  public static String versionString() {
    return library().opus_get_version_string();
  }

  static String errorText(Opus opus, int code) {
    return code + " (" + opus.opus_strerror(code) + ")";
  }
}
