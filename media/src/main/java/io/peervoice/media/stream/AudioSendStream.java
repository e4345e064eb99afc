package io.peervoice.media.stream;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.dtmf.DtmfSendStage;
import io.peervoice.media.rtp.RtpCodec;
import io.peervoice.media.rtp.RtpPacket;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send half of an audio stream: on each 20 ms tick, reads a frame from the source (already
 * through the capture-side processing stages), lets the {@link DtmfSendStage} take the tick if a
 * digit plays, else encodes the frame with Opus and packetizes it as RTP (RFC 7587 <a
 * href="https://www.rfc-editor.org/rfc/rfc7587#section-4.2">§4.2</a>: one frame per packet, 48 kHz
 * clock), and hands the plain RTP packet to the next outbound stage (in a call, the SRTP stage).
 * With DTX on, frames the encoder marks as silence are not sent; the timestamp still advances, so
 * the receiver sees a DTX gap. Sequence number and timestamp start at random values (RFC 3550 §5.1)
 * and never reset for the life of the stream; telephone events take numbers of the same sequence.
 * Packets are built in one buffer the stream owns and handed on with its bounds, so the steady
 * state allocates nothing per packet; the next stage must not keep the bytes after {@link
 * PacketSink#send} returns. Call {@link #sendFrame()} from one thread.
 */
public final class AudioSendStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AudioSendStream.class);

  private final AudioSource source;
  private final AudioEncoder encoder;
  private final DtmfSendStage dtmf;
  private final DtmfSendStage.EventSink eventSink = this::sendEvent;
  private final PacketSink next;
  private final int ssrc;
  private final int payloadType;
  private final short[] frame = new short[PcmFormat.FRAME_SAMPLES];

  /** The packet being built: header, then the payload (RFC 6716 §3.4 R5: at most 1275 bytes). */
  private final byte[] packet = new byte[RtpPacket.FIXED_HEADER_SIZE + MAX_PAYLOAD];

  /** The largest payload a packet of this stream carries: one Opus frame. */
  static final int MAX_PAYLOAD = 1275;

  private final RtpObserver observer;
  private final LongSupplier nanoClock;
  private int sequence;
  private long timestamp;
  private boolean first = true;
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final AtomicLong dtxFrames = new AtomicLong();
  private final AtomicLong eventPackets = new AtomicLong();

  /**
   * @param dtmf the DTMF stage: takes the ticks while a digit plays
   * @param next the next outbound stage: takes plain RTP packets (in a call, SRTP protect)
   * @param initialSequence first RTP sequence number (pick it at random)
   * @param initialTimestamp first RTP timestamp (pick it at random)
   * @param observer told of each packet sent (RTCP sender statistics)
   * @param nanoClock monotonic clock for the observer's times
   */
  public AudioSendStream(
      AudioSource source,
      AudioEncoder encoder,
      DtmfSendStage dtmf,
      PacketSink next,
      int ssrc,
      int payloadType,
      int initialSequence,
      long initialTimestamp,
      RtpObserver observer,
      LongSupplier nanoClock) {
    this.source = Objects.requireNonNull(source);
    this.encoder = Objects.requireNonNull(encoder);
    this.dtmf = Objects.requireNonNull(dtmf);
    this.next = Objects.requireNonNull(next);
    this.ssrc = ssrc;
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type must be 0..127: " + payloadType);
    }
    this.payloadType = payloadType;
    this.sequence = initialSequence & 0xFFFF;
    this.timestamp = initialTimestamp & 0xFFFF_FFFFL;
    this.observer = Objects.requireNonNull(observer);
    this.nanoClock = Objects.requireNonNull(nanoClock);
  }

  /**
   * Sends one 20 ms frame.
   *
   * @return {@code false} once the source has ended (a frame of silence was still sent)
   */
  public boolean sendFrame() {
    boolean more = source.read(frame);
    if (dtmf.onTick(timestamp, eventSink)) {
      advance();
      return more;
    }
    int payloadLength = encoder.encode(frame, packet, RtpPacket.FIXED_HEADER_SIZE);
    if (AudioEncoder.isDtxFrame(payloadLength)) {
      advance();
      dtxFrames.incrementAndGet();
      return more;
    }
    RtpCodec.writeHeader(packet, 0, first, payloadType, sequence, timestamp, ssrc);
    first = false;
    long sentTimestamp = timestamp;
    advance();
    send(sentTimestamp, payloadLength, true);
    return more;
  }

  private void advance() {
    timestamp = (timestamp + PcmFormat.FRAME_SAMPLES) & 0xFFFF_FFFFL;
  }

  /** A telephone-event packet from the DTMF stage: the next sequence number of the stream. */
  private void sendEvent(
      int eventPayloadType, boolean marker, long eventTimestamp, byte[] payload) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("event payload of " + payload.length + " bytes");
    }
    RtpCodec.writeHeader(packet, 0, marker, eventPayloadType, sequence, eventTimestamp, ssrc);
    System.arraycopy(payload, 0, packet, RtpPacket.FIXED_HEADER_SIZE, payload.length);
    send(eventTimestamp, payload.length, false);
  }

  /**
   * Queues DTMF digits to send as RFC 4733 telephone events; audio pauses while each plays.
   *
   * @throws IllegalArgumentException naming a character that is not 0-9 * # A-D
   */
  public void sendDtmf(String digits) {
    dtmf.queue(digits);
  }

  /** Sends the packet built in {@link #packet}: header and {@code payloadLength} bytes. */
  private void send(long packetTimestamp, int payloadLength, boolean audio) {
    int packetSequence = sequence;
    sequence = (sequence + 1) & 0xFFFF;
    int length = RtpPacket.FIXED_HEADER_SIZE + payloadLength;
    try {
      next.send(packet, 0, length);
      double now = nanoClock.getAsLong() / 1e6;
      if (audio) {
        observer.onRtp(ssrc, packetSequence, packetTimestamp, payloadLength, now);
        framesSent.incrementAndGet();
      } else {
        observer.onNonAudioRtp(ssrc, packetSequence, payloadLength, now);
        eventPackets.incrementAndGet();
      }
      bytesSent.addAndGet(length);
    } catch (IOException e) {
      if (sendErrors.incrementAndGet() == 1) {
        log.warn("sending media failed: {}", e.toString());
      }
    }
  }

  /**
   * The stream's counters; {@link AudioSendStats#bytesSent()} counts the plain RTP bytes handed to
   * the next stage (a call reports the SRTP stage's figure instead).
   */
  public AudioSendStats stats() {
    return new AudioSendStats(
        framesSent.get(),
        bytesSent.get(),
        sendErrors.get(),
        dtxFrames.get(),
        eventPackets.get(),
        encoder.complexity());
  }

  /** Applies new encoder settings from the next frame on (e.g. from an encoder-control stage). */
  public void updateEncoder(OpusSettings settings) {
    encoder.update(settings);
  }

  @Override
  public void close() {
    encoder.close();
  }
}
