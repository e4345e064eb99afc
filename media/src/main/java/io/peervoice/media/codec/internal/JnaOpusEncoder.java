package io.peervoice.media.codec.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import tomp2p.opuswrapper.Opus;

/**
 * An Opus encoder state; guarded by its own lock because a destroyed state crashes the JVM. Frames
 * go through {@link OpusDirect} in native buffers this encoder owns.
 */
final class JnaOpusEncoder implements AudioEncoder {
  /** RFC 6716 §3.4 R5: at most 1275 bytes per frame. */
  private static final int MAX_PACKET = 1275;

  private final Opus opus;
  private final PointerByReference state;
  private final Pointer statePointer;
  private final ByteBuffer out = ByteBuffer.allocateDirect(MAX_PACKET);
  private final Pointer outPointer = Native.getDirectBufferPointer(out);
  private final ByteBuffer inBytes =
      ByteBuffer.allocateDirect(2 * PcmFormat.FRAME_SAMPLES).order(ByteOrder.nativeOrder());
  private final ShortBuffer in = inBytes.asShortBuffer();
  private final Pointer inPointer = Native.getDirectBufferPointer(inBytes);
  private boolean closed;
  private volatile int complexity;

  JnaOpusEncoder(Opus opus, OpusSettings settings) {
    this.opus = opus;
    IntBuffer error = IntBuffer.allocate(1);
    state = opus.opus_encoder_create(PcmFormat.SAMPLE_RATE, 1, Opus.OPUS_APPLICATION_VOIP, error);
    if (error.get(0) != Opus.OPUS_OK || state == null) {
      throw new CodecException(
          "opus_encoder_create failed: " + OpusNative.errorText(opus, error.get(0)));
    }
    statePointer = state.getPointer();
    try {
      apply(settings);
    } catch (CodecException e) {
      close();
      throw e;
    }
  }

  private void apply(OpusSettings settings) {
    ctl(Opus.OPUS_SET_BITRATE_REQUEST, settings.bitrate());
    ctl(Opus.OPUS_SET_COMPLEXITY_REQUEST, settings.complexity());
    ctl(Opus.OPUS_SET_INBAND_FEC_REQUEST, settings.inbandFec() ? 1 : 0);
    ctl(Opus.OPUS_SET_PACKET_LOSS_PERC_REQUEST, settings.expectedLossPercent());
    ctl(Opus.OPUS_SET_DTX_REQUEST, settings.dtx() ? 1 : 0);
    complexity = settings.complexity();
  }

  @Override
  public synchronized void update(OpusSettings settings) {
    if (closed) {
      throw new CodecException("Opus encoder is closed");
    }
    apply(settings);
  }

  private void ctl(int request, int value) {
    int rc = opus.opus_encoder_ctl(state, request, value);
    if (rc != Opus.OPUS_OK) {
      throw new CodecException(
          "opus_encoder_ctl(" + request + ") failed: " + OpusNative.errorText(opus, rc));
    }
  }

  @Override
  public synchronized byte[] encode(short[] frame) {
    int n = encodeToNative(frame);
    byte[] packet = new byte[n];
    out.get(0, packet, 0, n);
    return packet;
  }

  @Override
  public synchronized int encode(short[] frame, byte[] packet, int offset) {
    int n = encodeToNative(frame);
    out.get(0, packet, offset, n);
    return n;
  }

  /** Encodes {@code frame} into {@link #out}; returns the packet's length. */
  private int encodeToNative(short[] frame) {
    if (closed) {
      throw new CodecException("Opus encoder is closed");
    }
    if (frame.length != PcmFormat.FRAME_SAMPLES) {
      throw new CodecException(
          "Opus frame must be " + PcmFormat.FRAME_SAMPLES + " samples, got " + frame.length);
    }
    in.clear();
    in.put(frame);
    int n =
        OpusDirect.opus_encode(
            statePointer, inPointer, PcmFormat.FRAME_SAMPLES, outPointer, MAX_PACKET);
    if (n < 0) {
      throw new CodecException("opus_encode failed: " + OpusNative.errorText(opus, n));
    }
    return n;
  }

  @Override
  public int complexity() {
    return complexity;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      opus.opus_encoder_destroy(state);
    }
  }
}
