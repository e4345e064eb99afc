package io.peervoice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.audio.PcmFormat;
import org.junit.jupiter.api.Test;

class OpusCodecTest {

  private static short[] tone(int frameIndex, double hz) {
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    for (int i = 0; i < frame.length; i++) {
      double t = (frameIndex * frame.length + i) / (double) PcmFormat.SAMPLE_RATE;
      frame[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * t));
    }
    return frame;
  }

  private static double rms(short[] s) {
    double sum = 0;
    for (short v : s) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum / s.length);
  }

  @Test
  void encodesAndDecodesAToneKeepingItsLevelAndPitch() {
    try (AudioEncoder encoder = OpusCodec.encoder(OpusSettings.voiceDefaults());
        AudioDecoder decoder = OpusCodec.decoder()) {
      short[] decoded = null;
      for (int i = 0; i < 25; i++) {
        byte[] packet = encoder.encode(tone(i, 440));
        assertThat(packet.length).isBetween(3, 400);
        decoded = decoder.decode(packet);
      }
      assertThat(decoded).hasSize(PcmFormat.FRAME_SAMPLES);
      assertThat(rms(decoded)).isBetween(0.7 * rms(tone(24, 440)), 1.3 * rms(tone(24, 440)));
      int crossings = 0;
      for (int i = 1; i < decoded.length; i++) {
        if ((decoded[i - 1] < 0) != (decoded[i] < 0)) {
          crossings++;
        }
      }
      assertThat(crossings).isBetween(15, 20);
    }
  }

  @Test
  void decodingIntoOneReusedFrameGivesExactlyWhatDecodeReturns() {
    try (AudioEncoder encoder = OpusCodec.encoder(OpusSettings.voiceDefaults());
        AudioDecoder fresh = OpusCodec.decoder();
        AudioDecoder reusing = OpusCodec.decoder()) {
      short[] frame = new short[PcmFormat.FRAME_SAMPLES];
      java.util.Arrays.fill(frame, (short) 12345);
      for (int i = 0; i < 50; i++) {
        byte[] packet = i == 20 ? new byte[0] : encoder.encode(tone(i, 200 + 10 * i));
        short[] expected = fresh.decode(packet);
        reusing.decodeInto(packet, frame);
        assertThat(frame).as("frame %d", i).containsExactly(expected);
      }
    }
  }

  @Test
  void concealsAMissingFrameWithSomethingAudibleAfterATone() {
    try (AudioEncoder encoder = OpusCodec.encoder(OpusSettings.voiceDefaults());
        AudioDecoder decoder = OpusCodec.decoder()) {
      for (int i = 0; i < 10; i++) {
        decoder.decode(encoder.encode(tone(i, 300)));
      }
      short[] concealed = decoder.conceal();
      assertThat(concealed).hasSize(PcmFormat.FRAME_SAMPLES);
      assertThat(rms(concealed)).isGreaterThan(100);
    }
  }

  @Test
  void rejectsWrongFrameSizesCorruptPacketsAndUseAfterClose() {
    AudioEncoder encoder = OpusCodec.encoder(OpusSettings.voiceDefaults());
    AudioDecoder decoder = OpusCodec.decoder();
    assertThatThrownBy(() -> encoder.encode(new short[100]))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("960");
    assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xff, (byte) 0xff, 0, 0}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("opus_decode");
    encoder.close();
    decoder.close();
    encoder.close();
    assertThatThrownBy(() -> encoder.encode(new short[960])).isInstanceOf(CodecException.class);
    assertThatThrownBy(decoder::conceal).isInstanceOf(CodecException.class);
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new OpusSettings(1000, 9, true, 5, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OpusSettings(32000, 11, true, 5, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(OpusCodec.libraryVersion()).startsWith("libopus");
  }
}
