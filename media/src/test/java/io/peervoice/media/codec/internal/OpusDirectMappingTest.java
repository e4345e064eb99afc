package io.peervoice.media.codec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.ptr.PointerByReference;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tomp2p.opuswrapper.Opus;

/**
 * The direct-mapped frame calls ({@link OpusDirect}) give, bit for bit, what opus-java's interface
 * proxy gives for the same states and input: packets, decoded frames, in-band FEC recovery and
 * concealment, on the libopus this process loaded.
 */
class OpusDirectMappingTest {
  private static final int FRAMES = 50;
  private static final OpusSettings SETTINGS = new OpusSettings(32_000, 10, true, 10, false);

  @Test
  void encodingGivesTheProxysPacketsByteForByte() {
    Opus opus = OpusNative.library();
    PointerByReference reference = proxyEncoder(opus);
    try (AudioEncoder direct = OpusNative.newEncoder(SETTINGS)) {
      for (short[] frame : speechLike()) {
        assertThat(direct.encode(frame)).isEqualTo(proxyEncode(opus, reference, frame));
      }
    } finally {
      opus.opus_encoder_destroy(reference);
    }
  }

  @Test
  void decodingFecAndConcealmentGiveTheProxysSamples() {
    Opus opus = OpusNative.library();
    byte[][] packets = new byte[FRAMES][];
    try (AudioEncoder encoder = OpusNative.newEncoder(SETTINGS)) {
      short[][] frames = speechLike();
      for (int i = 0; i < FRAMES; i++) {
        packets[i] = encoder.encode(frames[i]);
      }
    }
    IntBuffer error = IntBuffer.allocate(1);
    PointerByReference reference = opus.opus_decoder_create(PcmFormat.SAMPLE_RATE, 1, error);
    short[] into = new short[PcmFormat.FRAME_SAMPLES];
    try (AudioDecoder direct = OpusNative.newDecoder()) {
      for (int i = 0; i < FRAMES; i++) {
        switch (i % 5) {
          case 1 -> // lost: recover it from the next packet's FEC
              assertThat(direct.decodeFec(packets[i + 1]))
                  .isEqualTo(proxyDecode(opus, reference, packets[i + 1], 1));
          case 3 -> // lost, nothing after it yet: conceal
              assertThat(direct.conceal()).isEqualTo(proxyDecode(opus, reference, null, 0));
          case 4 -> {
            direct.decodeInto(packets[i], into);
            assertThat(into).isEqualTo(proxyDecode(opus, reference, packets[i], 0));
          }
          default ->
              assertThat(direct.decode(packets[i]))
                  .isEqualTo(proxyDecode(opus, reference, packets[i], 0));
        }
      }
    } finally {
      opus.opus_decoder_destroy(reference);
    }
  }

  private static PointerByReference proxyEncoder(Opus opus) {
    IntBuffer error = IntBuffer.allocate(1);
    PointerByReference state =
        opus.opus_encoder_create(PcmFormat.SAMPLE_RATE, 1, Opus.OPUS_APPLICATION_VOIP, error);
    assertThat(error.get(0)).isEqualTo(Opus.OPUS_OK);
    opus.opus_encoder_ctl(state, Opus.OPUS_SET_BITRATE_REQUEST, SETTINGS.bitrate());
    opus.opus_encoder_ctl(state, Opus.OPUS_SET_COMPLEXITY_REQUEST, SETTINGS.complexity());
    opus.opus_encoder_ctl(state, Opus.OPUS_SET_INBAND_FEC_REQUEST, 1);
    opus.opus_encoder_ctl(
        state, Opus.OPUS_SET_PACKET_LOSS_PERC_REQUEST, SETTINGS.expectedLossPercent());
    opus.opus_encoder_ctl(state, Opus.OPUS_SET_DTX_REQUEST, 0);
    return state;
  }

  private static byte[] proxyEncode(Opus opus, PointerByReference state, short[] frame) {
    ShortBuffer in = ShortBuffer.wrap(frame.clone());
    ByteBuffer out = ByteBuffer.allocateDirect(1275);
    int n = opus.opus_encode(state, in, PcmFormat.FRAME_SAMPLES, out, 1275);
    assertThat(n).isPositive();
    byte[] packet = new byte[n];
    out.get(packet);
    return packet;
  }

  private static short[] proxyDecode(Opus opus, PointerByReference state, byte[] data, int fec) {
    ShortBuffer out =
        ByteBuffer.allocateDirect(2 * 6 * PcmFormat.FRAME_SAMPLES)
            .order(ByteOrder.nativeOrder())
            .asShortBuffer();
    int max = data == null || fec == 1 ? PcmFormat.FRAME_SAMPLES : 6 * PcmFormat.FRAME_SAMPLES;
    int n = opus.opus_decode(state, data, data == null ? 0 : data.length, out, max, fec);
    assertThat(n).isEqualTo(PcmFormat.FRAME_SAMPLES);
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    out.get(frame);
    return frame;
  }

  /** Voiced-speech-like frames: a gliding harmonic tone with seeded noise, changing each frame. */
  private static short[][] speechLike() {
    Random random = new Random(13);
    short[][] frames = new short[FRAMES][PcmFormat.FRAME_SAMPLES];
    double phase = 0;
    for (short[] frame : frames) {
      double pitch = 110 + 60 * random.nextDouble();
      for (int s = 0; s < frame.length; s++) {
        phase += 2 * Math.PI * pitch / PcmFormat.SAMPLE_RATE;
        double v = 0;
        for (int h = 1; h <= 8; h++) {
          v += Math.sin(h * phase) / h;
        }
        frame[s] = (short) (6000 * v + 300 * random.nextGaussian());
      }
    }
    return frames;
  }
}
