package io.peervoice.media.processing.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.FloatByReference;
import com.sun.jna.ptr.IntByReference;

/**
 * speexdsp's C API (speex/speex_echo.h, speex/speex_preprocess.h of libspeexdsp 1.2) through JNA
 * direct mapping. States are opaque pointers; each is used under its owner's lock and destroyed
 * once.
 */
final class SpeexDspNative {
  static final int ECHO_SET_SAMPLING_RATE = 24;
  static final int ECHO_GET_IMPULSE_RESPONSE_SIZE = 27;
  static final int ECHO_GET_IMPULSE_RESPONSE = 29;
  static final int PREPROCESS_SET_DENOISE = 0;
  static final int PREPROCESS_SET_AGC = 2;
  static final int PREPROCESS_SET_AGC_LEVEL = 6;
  static final int PREPROCESS_SET_NOISE_SUPPRESS = 18;
  static final int PREPROCESS_SET_ECHO_SUPPRESS = 20;
  static final int PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE = 22;
  static final int PREPROCESS_SET_ECHO_STATE = 24;
  static final int PREPROCESS_SET_AGC_MAX_GAIN = 30;

  private SpeexDspNative() {}

  /** Binds the functions below to {@code library} (a path or a name JNA resolves). */
  static void register(String library) {
    Native.register(SpeexDspNative.class, NativeLibrary.getInstance(library));
  }

  static native Pointer speex_echo_state_init(int frameSize, int filterLength);

  static native void speex_echo_state_destroy(Pointer st);

  static native void speex_echo_cancellation(Pointer st, short[] rec, short[] play, short[] out);

  static native int speex_echo_ctl(Pointer st, int request, IntByReference value);

  static native int speex_echo_ctl(Pointer st, int request, int[] values);

  static native Pointer speex_preprocess_state_init(int frameSize, int samplingRate);

  static native void speex_preprocess_state_destroy(Pointer st);

  static native int speex_preprocess_run(Pointer st, short[] x);

  static native int speex_preprocess_ctl(Pointer st, int request, IntByReference value);

  static native int speex_preprocess_ctl(Pointer st, int request, FloatByReference value);

  static native int speex_preprocess_ctl(Pointer st, int request, Pointer value);
}
