package io.peervoice.demo;

import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.session.MediaSessionConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The codec's own share of a call: one Opus encoder and one decoder, as one call's endpoint runs
 * them on a clean path, timed by this thread's CPU time. A call's encoder does not keep the
 * settings it starts with: each RTCP report (every second) goes through the loss-driven {@link
 * EncoderController}, which on a clean path raises the bitrate to its cap and the expected loss to
 * 0 within seconds (and at 0% expected loss libopus stops encoding FEC), so the encoder is first
 * driven there the same way, and timed at the settings the calls' window sees.
 *
 * @param cpuPct encode + decode as a percentage of one core
 * @param encodeMicros CPU per 20 ms frame encoded
 * @param decodeMicros CPU per 20 ms frame decoded
 * @param settings the encoder's settings while it was timed
 */
record CodecCost(double cpuPct, double encodeMicros, double decodeMicros, OpusSettings settings) {

  /** Frames between two RTCP reports of a call (1 s). */
  private static final int REPORT_FRAMES = 50;

  /**
   * Seconds of clean reports before the timing: enough for the controller to climb from the
   * starting bitrate to the cap, 2 kb/s a report.
   */
  static final int SETTLE_REPORTS = 12;

  /**
   * What a call's encoder controller makes of {@code start} after {@code reports} RTCP receiver
   * reports of a clean path (no loss), with a phone's default bitrate range.
   */
  static OpusSettings cleanPath(OpusSettings start, int reports) {
    var control =
        new EncoderController(
            start, MediaSessionConfig.DEFAULT_MIN_BITRATE, MediaSessionConfig.DEFAULT_MAX_BITRATE);
    OpusSettings s = control.settings();
    for (int i = 0; i < reports; i++) {
      s = control.onReceiverReport(0);
    }
    return s;
  }

  /** The phone's Opus settings with {@code complexity} (null: the phone's own). */
  static OpusSettings opus(Integer complexity) {
    OpusSettings d = OpusSettings.voiceDefaults();
    return complexity == null
        ? d
        : new OpusSettings(
            d.bitrate(), complexity, d.inbandFec(), d.expectedLossPercent(), d.dtx());
  }

  /**
   * Encodes and decodes {@code seconds}' worth of 20 ms frames of the bundled speech on this
   * thread, after a warm-up of {@link #SETTLE_REPORTS} seconds that starts at {@code opus} and
   * takes a clean RTCP report each second as a call does ({@link #cleanPath}).
   */
  static CodecCost measure(OpusSettings opus, int seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    LoopingSource speech = LoopingSource.forever(SpeechSample.load());
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    int frames = seconds * 50;
    try (AudioEncoder encoder = OpusCodec.encoder(opus);
        AudioDecoder decoder = OpusCodec.decoder()) {
      long sink = 0;
      for (int i = 0; i < SETTLE_REPORTS * REPORT_FRAMES; i++) {
        if (i % REPORT_FRAMES == REPORT_FRAMES / 2) { // a call's first report comes at 0.5 s
          encoder.update(cleanPath(opus, 1 + i / REPORT_FRAMES));
        }
        speech.read(frame);
        sink += decoder.decode(encoder.encode(frame)).length;
      }
      OpusSettings settled = cleanPath(opus, SETTLE_REPORTS);
      encoder.update(settled);
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
          decodeNanos / 1e3 / frames,
          settled);
    }
  }
}
