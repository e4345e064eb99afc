package io.peervoice.media.codec.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.CodecException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import tomp2p.opuswrapper.Opus;

/**
 * An Opus decoder state; guarded by its own lock because a destroyed state crashes the JVM. Packets
 * go through {@link OpusDirect} in native buffers this decoder owns.
 */
final class JnaOpusDecoder implements AudioDecoder {
  /** Opus packets can hold up to 120 ms; decode into room for that and keep one frame. */
  private static final int MAX_SAMPLES = 6 * PcmFormat.FRAME_SAMPLES;

  /** Room for a 20 ms frame's packet (RFC 6716 §3.4 R5: 1275 bytes); longer packets grow it. */
  private static final int MAX_PACKET = 1275;

  private final Opus opus;
  private final PointerByReference state;
  private final Pointer statePointer;
  private final ByteBuffer outBytes =
      ByteBuffer.allocateDirect(2 * MAX_SAMPLES).order(ByteOrder.nativeOrder());
  private final ShortBuffer out = outBytes.asShortBuffer();
  private final Pointer outPointer = Native.getDirectBufferPointer(outBytes);
  private ByteBuffer packetBuffer = ByteBuffer.allocateDirect(MAX_PACKET);
  private Pointer packetPointer = Native.getDirectBufferPointer(packetBuffer);
  private boolean closed;

  JnaOpusDecoder(Opus opus) {
    this.opus = opus;
    IntBuffer error = IntBuffer.allocate(1);
    state = opus.opus_decoder_create(PcmFormat.SAMPLE_RATE, 1, error);
    if (error.get(0) != Opus.OPUS_OK || state == null) {
      throw new CodecException(
          "opus_decoder_create failed: " + OpusNative.errorText(opus, error.get(0)));
    }
    statePointer = state.getPointer();
  }

  @Override
  public synchronized short[] decode(byte[] packet) {
    if (packet.length == 0) {
      return conceal();
    }
    return run(packet, packet.length, MAX_SAMPLES, 0);
  }

  @Override
  public synchronized void decodeInto(byte[] packet, short[] frame) {
    if (packet.length == 0) {
      runInto(null, 0, PcmFormat.FRAME_SAMPLES, 0, frame);
    } else {
      runInto(packet, packet.length, MAX_SAMPLES, 0, frame);
    }
  }

  @Override
  public synchronized void decodeInto(byte[] data, int offset, int length, short[] frame) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    if (length == 0) {
      runInto(null, 0, PcmFormat.FRAME_SAMPLES, 0, frame);
    } else {
      runInto(data, offset, length, MAX_SAMPLES, 0, frame);
    }
  }

  @Override
  public synchronized void concealInto(short[] frame) {
    runInto(null, 0, PcmFormat.FRAME_SAMPLES, 0, frame);
  }

  @Override
  public synchronized short[] decodeFec(byte[] nextPacket) {
    if (nextPacket.length == 0) {
      return conceal();
    }
    return run(nextPacket, nextPacket.length, PcmFormat.FRAME_SAMPLES, 1);
  }

  @Override
  public synchronized short[] conceal() {
    return run(null, 0, PcmFormat.FRAME_SAMPLES, 0);
  }

  private short[] run(byte[] data, int length, int maxSamples, int fec) {
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    runInto(data, length, maxSamples, fec, frame);
    return frame;
  }

  /** Decodes into {@code frame}: the first samples decoded, zeros after them if fewer. */
  private void runInto(byte[] data, int length, int maxSamples, int fec, short[] frame) {
    runInto(data, 0, length, maxSamples, fec, frame);
  }

  private void runInto(
      byte[] data, int offset, int length, int maxSamples, int fec, short[] frame) {
    if (closed) {
      throw new CodecException("Opus decoder is closed");
    }
    Pointer packet = null; // null: conceal (PLC)
    if (data != null) {
      if (length > packetBuffer.capacity()) {
        packetBuffer = ByteBuffer.allocateDirect(length);
        packetPointer = Native.getDirectBufferPointer(packetBuffer);
      }
      packetBuffer.put(0, data, offset, length);
      packet = packetPointer;
    }
    int n = OpusDirect.opus_decode(statePointer, packet, length, outPointer, maxSamples, fec);
    if (n < 0) {
      throw new CodecException("opus_decode failed: " + OpusNative.errorText(opus, n));
    }
    int samples = Math.min(n, frame.length);
    out.get(0, frame, 0, samples);
    java.util.Arrays.fill(frame, samples, frame.length, (short) 0);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      opus.opus_decoder_destroy(state);
    }
  }
}
