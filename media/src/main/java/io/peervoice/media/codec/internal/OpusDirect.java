package io.peervoice.media.codec.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The per-frame libopus calls through JNA direct mapping ({@link Native#register}): a static native
 * method per function, its arguments passed as they are (no argument array, no conversion, no
 * reflection), where JNA's interface proxy ({@code tomp2p.opuswrapper.Opus}) builds an argument
 * array and converts each argument on every call. Buffers are native memory the codec states own
 * and reuse, so a frame allocates nothing here. Set-up, settings (the variadic {@code _ctl} calls
 * cannot be direct-mapped portably) and teardown stay on the proxy.
 */
final class OpusDirect {
  private static boolean registered;

  private OpusDirect() {}

  /** Binds the natives below to {@code library}, once per process. */
  static synchronized void register(NativeLibrary library) {
    if (!registered) {
      Native.register(OpusDirect.class, library);
      registered = true;
    }
  }

  /**
   * {@code opus_int32 opus_encode(OpusEncoder *st, const opus_int16 *pcm, int frame_size, unsigned
   * char *data, opus_int32 max_data_bytes)}: the packet's length, or a negative error code.
   */
  static native int opus_encode(
      Pointer state, Pointer pcm, int frameSize, Pointer data, int maxDataBytes);

  /**
   * {@code int opus_decode(OpusDecoder *st, const unsigned char *data, opus_int32 len, opus_int16
   * *pcm, int frame_size, int decode_fec)}: samples decoded, or a negative error code; {@code data}
   * null conceals a lost packet (PLC).
   */
  static native int opus_decode(
      Pointer state, Pointer data, int length, Pointer pcm, int frameSize, int decodeFec);
}
