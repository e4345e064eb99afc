package io.peervoice.demo;

import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The codec's own share of a call: one Opus encoder and one decoder, as one call's endpoint runs
 * them, timed by this thread's CPU time.
 *
 * @param cpuPct encode + decode as a percentage of one core
 * @param encodeMicros CPU per 20 ms frame encoded
 * @param decodeMicros CPU per 20 ms frame decoded
 */
record CodecCost(double cpuPct, double encodeMicros, double decodeMicros) {

  /** The phone's Opus settings with {@code complexity} (null: the phone's own). */
  static OpusSettings opus(Integer complexity) {
    OpusSettings d = OpusSettings.voiceDefaults();
    return complexity == null
        ? d
        : new OpusSettings(
            d.bitrate(), complexity, d.inbandFec(), d.expectedLossPercent(), d.dtx());
  }

  /**
   * Encodes and decodes {@code seconds}' worth of 20 ms frames of the bundled speech at {@code
   * opus} (after a 5 s warm-up), on this thread.
   */
  static CodecCost measure(OpusSettings opus, int seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    LoopingSource speech = LoopingSource.forever(SpeechSample.load());
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    int frames = seconds * 50;
    try (AudioEncoder encoder = OpusCodec.encoder(opus);
        AudioDecoder decoder = OpusCodec.decoder()) {
      long sink = 0;
      for (int i = 0; i < 250; i++) {
        speech.read(frame);
        sink += decoder.decode(encoder.encode(frame)).length;
      }
      long encodeNanos = 0;
      long decodeNanos = 0;
      for (int i = 0; i < frames; i++) {
        speech.read(frame);
        long t0 = threads.getCurrentThreadCpuTime();
        byte[] packet = encoder.encode(frame);
        long t1 = threads.getCurrentThreadCpuTime();
        sink += decoder.decode(packet).length;
        decodeNanos += threads.getCurrentThreadCpuTime() - t1;
        encodeNanos += t1 - t0;
      }
      if (sink < 0) {
        throw new AssertionError();
      }
      return new CodecCost(
          100.0 * (encodeNanos + decodeNanos) / (seconds * 1e9),
          encodeNanos / 1e3 / frames,
          decodeNanos / 1e3 / frames);
    }
  }
}
