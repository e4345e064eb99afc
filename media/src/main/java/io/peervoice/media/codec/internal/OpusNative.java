package io.peervoice.media.codec.internal;

import club.minnced.opus.util.OpusLibrary;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusLibraryRequest;
import io.peervoice.media.codec.OpusSettings;
import java.io.IOException;
import tomp2p.opuswrapper.Opus;

/**
 * Loads libopus once and creates codec states. The per-frame calls go through {@link OpusDirect}
 * (JNA direct mapping), everything else through opus-java's interface proxy. A native library is
 * loaded once per process, so the choice of libopus is made once, before the first codec.
 */
public final class OpusNative {
  /** Null until chosen: then the process's settings ({@link OpusLibraryRequest#fromSettings()}). */
  private static OpusLibraryRequest request;

  private static OpusLibraryResolver.Resolution loaded;

  private OpusNative() {}

  /**
   * Sets which libopus to load; must come before the first codec, or name the library already
   * loaded.
   */
  public static synchronized void choose(OpusLibraryRequest requested) {
    if (loaded != null && !requested.equals(request)) {
      throw new IllegalStateException(
          "libopus was already loaded as "
              + request
              + " ("
              + loaded.describe()
              + "); the choice is made once per process");
    }
    request = requested;
  }

  static synchronized Opus library() {
    if (loaded == null) {
      if (request == null) {
        request = OpusLibraryRequest.fromSettings();
      }
      OpusLibraryResolver.Resolution resolution = OpusLibraryResolver.resolve(request);
      try {
        boolean ok =
            resolution.library().isPresent()
                ? OpusLibrary.loadFrom(resolution.library().get().toString())
                : OpusLibrary.loadFromJar();
        if (!ok) {
          throw new CodecException("libopus: this platform has no native library");
        }
        Opus proxy = Opus.INSTANCE; // loads the library by the name the loader set
        // the very library the proxy opened (the bundled one is extracted per load: by name,
        // JNA would open a second copy)
        OpusDirect.register(
            ((com.sun.jna.Library.Handler) java.lang.reflect.Proxy.getInvocationHandler(proxy))
                .getNativeLibrary());
        loaded = resolution;
        return proxy;
      } catch (IOException | UnsatisfiedLinkError e) {
        throw new CodecException("libopus could not be loaded: " + e.getMessage(), e);
      }
    }
    return Opus.INSTANCE;
  }

  /**
   * Where the loaded library came from, e.g. {@code /usr/lib/.../libopus.so.0 (system library)}.
   */
  public static synchronized String origin() {
    library();
    return loaded.describe();
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
