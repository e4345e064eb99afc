package io.peervoice.media.stream;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.media.dtmf.DtmfReceiver;
import io.peervoice.media.jitter.AdaptiveJitterBuffer;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.jitter.JitterPacket;
import io.peervoice.media.playout.PlayoutEngine;
import io.peervoice.media.playout.PlayoutListener;
import io.peervoice.media.playout.TimeStretcher;
import io.peervoice.media.rtp.RtpCodec;
import io.peervoice.media.rtp.RtpPacket;
import io.peervoice.media.rtp.RtpParseResult;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.media.srtp.UnprotectResult;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The receive half of an audio stream. {@link #onDatagram} is called by the network thread: SRTP
 * unprotect, RTP parse, into the adaptive jitter buffer with its arrival time. {@link #playoutTick}
 * is called every 20 ms by the media clock: one frame out of the {@link PlayoutEngine} (decoded,
 * FEC-recovered, concealed or time-stretched) into the sink. Every bad datagram is a counted drop.
 * Telephone events and other payloads we do not play are received packets of the stream for RTCP
 * but never audio: the jitter buffer passes over their sequence numbers, so they are neither lost
 * nor concealed and quality figures cover audio only. Thread-safe.
 */
public final class AudioReceiveStream implements AutoCloseable {
  private static final double STRETCH_CORRELATION = 0.8;
  private static final double DTMF_TIMEOUT_MILLIS = 500;

  private final SrtpReceiver srtp;
  private final AudioDecoder decoder;
  private final PlayoutEngine engine;
  private final AudioSink sink;
  private final int payloadType;
  private final LongSupplier nanoClock;
  private final RtpObserver observer;
  private final int dtmfPayloadType;
  private final DtmfReceiver dtmf = new DtmfReceiver(48_000, DTMF_TIMEOUT_MILLIS);
  private final java.util.List<DtmfDigit> dtmfDigits = new java.util.ArrayList<>();
  private final java.util.function.Consumer<DtmfDigit> dtmfListener;

  private final Map<SrtpRejection, Long> srtpRejected = new EnumMap<>(SrtpRejection.class);
  private long packetsReceived;
  private long malformedRtp;
  private long wrongPayloadType;
  private long audioPackets;
  private long dtmfPackets;
  private long lastAudioNanos = -1;
  private long firstAudioNanos = -1;
  private Runnable onFirstAudio = () -> {};

  /**
   * @param nanoClock monotonic clock in nanoseconds: arrival times, playout ticks, first audio
   * @param dtmfPayloadType the payload type of RFC 4733 telephone events
   * @param observer told of each packet accepted (RTCP reception statistics)
   * @param dtmfListener given each DTMF digit received, on the playout thread
   */
  public AudioReceiveStream(
      SrtpReceiver srtp,
      AudioDecoder decoder,
      JitterBufferConfig jitterBuffer,
      AudioSink sink,
      int payloadType,
      int dtmfPayloadType,
      LongSupplier nanoClock,
      RtpObserver observer,
      java.util.function.Consumer<DtmfDigit> dtmfListener) {
    this.srtp = Objects.requireNonNull(srtp);
    this.decoder = Objects.requireNonNull(decoder);
    this.sink = Objects.requireNonNull(sink);
    this.payloadType = payloadType;
    this.nanoClock = Objects.requireNonNull(nanoClock);
    this.observer = Objects.requireNonNull(observer);
    this.dtmfPayloadType = dtmfPayloadType;
    this.dtmfListener = Objects.requireNonNull(dtmfListener);
    PlayoutListener firstAudio =
        new PlayoutListener() {
          @Override
          public void onPlayed(JitterPacket packet, double playMillis) {
            if (firstAudioNanos < 0) {
              firstAudioNanos = nanoClock.getAsLong();
              onFirstAudio.run();
            }
          }
        };
    this.engine =
        new PlayoutEngine(
            new AdaptiveJitterBuffer(jitterBuffer),
            decoder,
            new TimeStretcher(jitterBuffer.clockRate(), STRETCH_CORRELATION),
            firstAudio,
            jitterBuffer.clockRate(),
            PcmFormat.FRAME_SAMPLES);
  }

  /** Takes one datagram from the network. */
  public void onDatagram(byte[] data, int offset, int length) {
    long arrivalNanos = nanoClock.getAsLong();
    double arrivalMillis = arrivalNanos / 1e6;
    UnprotectResult result = srtp.unprotect(data, offset, length);
    synchronized (this) {
      packetsReceived++;
      if (result instanceof UnprotectResult.Rejected rejected) {
        srtpRejected.merge(rejected.reason(), 1L, Long::sum);
        return;
      }
      byte[] rtp = ((UnprotectResult.Accepted) result).rtp();
      if (!(RtpCodec.parse(rtp) instanceof RtpParseResult.Parsed parsed)) {
        malformedRtp++;
        return;
      }
      RtpPacket packet = parsed.packet();
      if (packet.payloadType() != payloadType) {
        // telephone events (and any payload we do not play) share the SSRC and sequence numbers
        // (RFC 4733 §2.1): received packets of the stream, never gaps in its audio
        observer.onNonAudioRtp(
            packet.ssrc(), packet.sequenceNumber(), packet.payload().length, arrivalMillis);
        engine.onNonAudioPacket(packet.ssrc(), packet.sequenceNumber());
        if (packet.payloadType() == dtmfPayloadType) {
          dtmfPackets++;
          dtmfDigits.addAll(dtmf.onPacket(packet.timestamp(), packet.payload(), arrivalMillis));
        } else {
          wrongPayloadType++;
        }
        return;
      }
      audioPackets++;
      lastAudioNanos = arrivalNanos;
      observer.onRtp(
          packet.ssrc(),
          packet.sequenceNumber(),
          packet.timestamp(),
          packet.payload().length,
          arrivalMillis);
      engine.onPacket(
          new JitterPacket(
              packet.ssrc(),
              packet.sequenceNumber(),
              packet.timestamp(),
              packet.payload(),
              arrivalMillis));
    }
  }

  /** Plays out one 20 ms frame into the sink, and hands over DTMF digits that completed. */
  public void playoutTick() {
    short[] frame;
    java.util.List<DtmfDigit> digits;
    synchronized (this) {
      double now = nanoClock.getAsLong() / 1e6;
      frame = engine.tick(now);
      dtmfDigits.addAll(dtmf.poll(now));
      digits = java.util.List.copyOf(dtmfDigits);
      dtmfDigits.clear();
    }
    sink.write(frame);
    digits.forEach(dtmfListener);
  }

  /** Monotonic time of the first frame played from a received packet, or -1 if none yet. */
  /**
   * Runs {@code hook} once, when the first audio frame is played (at once if one was already): on
   * the thread that plays out, under this stream's lock, so it must only hand work on (e.g. to an
   * executor) and must not throw.
   */
  public synchronized void onFirstAudio(Runnable hook) {
    Objects.requireNonNull(hook, "hook");
    if (firstAudioNanos >= 0) {
      hook.run();
    } else {
      onFirstAudio = hook;
    }
  }

  public synchronized long firstAudioNanos() {
    return firstAudioNanos;
  }

  public synchronized AudioReceiveStats stats() {
    return new AudioReceiveStats(
        packetsReceived,
        srtpRejected,
        malformedRtp,
        wrongPayloadType,
        audioPackets,
        dtmfPackets,
        lastAudioNanos,
        engine.stats());
  }

  @Override
  public void close() {
    decoder.close();
    srtp.close();
  }
}
