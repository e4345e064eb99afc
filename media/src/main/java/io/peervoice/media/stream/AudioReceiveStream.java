package io.peervoice.media.stream;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.media.dtmf.DtmfReceiveStage;
import io.peervoice.media.jitter.AdaptiveJitterBuffer;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.jitter.JitterPacket;
import io.peervoice.media.jitter.JitterPacketPool;
import io.peervoice.media.playout.PlayoutEngine;
import io.peervoice.media.playout.PlayoutListener;
import io.peervoice.media.playout.TimeStretcher;
import io.peervoice.media.rtp.RtpView;
import io.peervoice.media.srtp.SrtpRejection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive half of an audio stream, the last inbound stage before the speaker. {@link #onPacket}
 * is called on the network thread with a plain RTP packet (the SRTP stage before it has checked and
 * decrypted it, and tells {@link #onRejected} of those it dropped): RTP parse, telephone events to
 * the {@link DtmfReceiveStage}, audio into the adaptive jitter buffer with its arrival time. {@link
 * #playoutTick} is called every 20 ms by the media clock: one frame out of the {@link
 * PlayoutEngine}, decided at the tick's place on the 20 ms grid with the packets that had arrived
 * by then ({@link PlayoutClock}, so a tick that runs late changes nothing) (decoded, FEC-recovered,
 * concealed or time-stretched) into the sink (in a call, through the playout-side processing
 * stages). Every bad packet is a counted drop. Telephone events and other payloads we do not play
 * are received packets of the stream for RTCP but never audio: the jitter buffer passes over their
 * sequence numbers, so they are neither lost nor concealed and quality figures cover audio only.
 *
 * <p>Steady-state reception allocates nothing per packet: each packet is parsed in place into the
 * stream's one {@link RtpView} and its payload copied into a packet of the stream's bounded {@link
 * JitterPacketPool}, which returns to the pool once played or dropped. Thread-safe.
 */
public final class AudioReceiveStream implements PacketHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AudioReceiveStream.class);
  private static final double STRETCH_CORRELATION = 0.8;

  private final AudioDecoder decoder;
  private final PlayoutEngine engine;
  private final AudioSink sink;
  private final int payloadType;
  private final LongSupplier nanoClock;
  private final RtpObserver observer;
  private final DtmfReceiveStage dtmf;
  private final PlayoutClock playoutClock = new PlayoutClock(PcmFormat.FRAME_MILLIS);
  private final java.util.function.Consumer<JitterPacket> toEngine;
  private final RtpView view = new RtpView();
  private final JitterPacketPool pool;

  private final Map<SrtpRejection, Long> srtpRejected = new EnumMap<>(SrtpRejection.class);
  private long packetsReceived;
  private long malformedRtp;
  private long wrongPayloadType;
  private long audioPackets;
  private long lastAudioNanos = -1;
  private long firstAudioNanos = -1;
  private long firstPacketNanos = -1;
  private Runnable onFirstAudio = () -> {};

  /**
   * @param dtmf the DTMF stage: takes the packets of its payload type
   * @param nanoClock monotonic clock in nanoseconds: arrival times, playout ticks, first audio
   * @param observer told of each packet accepted (RTCP reception statistics)
   */
  public AudioReceiveStream(
      AudioDecoder decoder,
      JitterBufferConfig jitterBuffer,
      AudioSink sink,
      int payloadType,
      DtmfReceiveStage dtmf,
      LongSupplier nanoClock,
      RtpObserver observer) {
    this.decoder = Objects.requireNonNull(decoder);
    this.sink = Objects.requireNonNull(sink);
    this.payloadType = payloadType;
    this.nanoClock = Objects.requireNonNull(nanoClock);
    this.observer = Objects.requireNonNull(observer);
    this.dtmf = Objects.requireNonNull(dtmf);
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
    this.toEngine = engine::onPacket;
    // every packet the stream can hold at once: the jitter buffer's, those waiting for a tick, and
    // the one being decoded
    this.pool = new JitterPacketPool(jitterBuffer.capacityPackets() + PlayoutClock.MAX_HELD + 2);
  }

  /** A datagram of this stream the SRTP stage dropped: a received packet, and a counted drop. */
  @Override
  public synchronized void onRejected(SrtpRejection reason) {
    packetsReceived++;
    srtpRejected.merge(reason, 1L, Long::sum);
  }

  /** Takes one plain RTP packet from the stage before (in a call, SRTP unprotect). */
  @Override
  public void onPacket(byte[] data, int offset, int length) {
    long arrivalNanos = nanoClock.getAsLong();
    double arrivalMillis = arrivalNanos / 1e6;
    synchronized (this) {
      packetsReceived++;
      if (firstPacketNanos < 0) {
        firstPacketNanos = arrivalNanos;
      }
      RtpView packet = view;
      if (packet.wrap(data, offset, length) != null) {
        malformedRtp++;
        return;
      }
      if (packet.payloadType() != payloadType) {
        // telephone events (and any payload we do not play) share the SSRC and sequence numbers
        // (RFC 4733 §2.1): received packets of the stream, never gaps in its audio
        observer.onNonAudioRtp(
            packet.ssrc(), packet.sequenceNumber(), packet.payloadLength(), arrivalMillis);
        engine.onNonAudioPacket(packet.ssrc(), packet.sequenceNumber());
        if (packet.payloadType() == dtmf.payloadType()) {
          dtmf.onPacket(packet.timestamp(), packet.payloadCopy(), arrivalMillis);
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
          packet.payloadLength(),
          arrivalMillis);
      JitterPacket pooled =
          pool.take(
              packet.ssrc(),
              packet.sequenceNumber(),
              packet.timestamp(),
              data,
              packet.payloadOffset(),
              packet.payloadLength(),
              arrivalMillis);
      if (pooled == null) {
        // cannot happen while every packet is released: a leak, surfaced rather than grown
        if (pool.exhausted() == 1) {
          LOG.warn("receive packet pool of {} exhausted: packets dropped", pool.capacity());
        }
        return;
      }
      playoutClock.hold(pooled, toEngine);
    }
  }

  /** Plays out one 20 ms frame into the sink, and hands over DTMF digits that completed. */
  public void playoutTick() {
    short[] frame;
    List<DtmfDigit> digits;
    synchronized (this) {
      double now = nanoClock.getAsLong() / 1e6;
      frame = engine.tick(playoutClock.tick(now, toEngine));
      digits = dtmf.poll(now);
    }
    sink.write(frame);
    dtmf.deliver(digits);
  }

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

  /** Monotonic time of the first frame played from a received packet, or -1 if none yet. */
  public synchronized long firstAudioNanos() {
    return firstAudioNanos;
  }

  /**
   * Monotonic arrival time of the first packet that reached this stream past SRTP (authenticated
   * and decrypted: packets SRTP dropped never count), or -1 if none yet.
   */
  public synchronized long firstPacketNanos() {
    return firstPacketNanos;
  }

  public synchronized AudioReceiveStats stats() {
    return new AudioReceiveStats(
        packetsReceived,
        srtpRejected,
        malformedRtp,
        wrongPayloadType,
        audioPackets,
        dtmf.packets(),
        lastAudioNanos,
        engine.stats());
  }

  @Override
  public void close() {
    decoder.close();
  }
}
