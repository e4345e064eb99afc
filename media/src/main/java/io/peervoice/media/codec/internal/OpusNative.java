package io.peervoice.media.codec.internal;

import club.minnced.opus.util.OpusLibrary;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusSettings;
import java.io.IOException;
import tomp2p.opuswrapper.Opus;

/** Loads libopus once (the JNA binding is process-wide by nature) and creates codec states. */
public final class OpusNative {

  private OpusNative() {}

  static synchronized Opus library() {
    if (!OpusLibrary.isInitialized()) {
      try {
        if (!OpusLibrary.loadFromJar()) {
          throw new CodecException("libopus: this platform has no bundled native library");
        }
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
