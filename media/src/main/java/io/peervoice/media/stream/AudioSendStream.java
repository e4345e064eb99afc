package io.peervoice.media.stream;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.dtmf.DtmfPacket;
import io.peervoice.media.dtmf.DtmfSender;
import io.peervoice.media.rtp.RtpCodec;
import io.peervoice.media.rtp.RtpPacket;
import io.peervoice.media.srtp.SrtpSender;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send half of an audio stream: on each 20 ms tick, reads a frame from the source, encodes it
 * with Opus, packetizes it as RTP (RFC 7587 <a
 * href="https://www.rfc-editor.org/rfc/rfc7587#section-4.2">§4.2</a>: one frame per packet, 48 kHz
 * clock), protects it with SRTP and hands it to the network. With DTX on, frames the encoder marks
 * as silence are not sent; the timestamp still advances, so the receiver sees a DTX gap. Sequence
 * number and timestamp start at random values (RFC 3550 §5.1) and never reset for the life of the
 * stream. Call {@link #sendFrame()} from one thread.
 */
public final class AudioSendStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AudioSendStream.class);

  private final AudioSource source;
  private final AudioEncoder encoder;
  private final SrtpSender srtp;
  private final PacketSink sink;
  private final int ssrc;
  private final int payloadType;
  private final short[] frame = new short[PcmFormat.FRAME_SAMPLES];
  private final RtpObserver observer;
  private final DtmfSender dtmf = DtmfSender.defaults();
  private final int dtmfPayloadType;
  private final java.util.function.LongSupplier nanoClock;
  private int sequence;
  private long timestamp;
  private boolean first = true;
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final AtomicLong dtxFrames = new AtomicLong();
  private final AtomicLong eventPackets = new AtomicLong();

  /**
   * @param initialSequence first RTP sequence number (pick it at random)
   * @param initialTimestamp first RTP timestamp (pick it at random)
   * @param observer told of each packet sent (RTCP sender statistics)
   * @param nanoClock monotonic clock for the observer's times
   */
  public AudioSendStream(
      AudioSource source,
      AudioEncoder encoder,
      SrtpSender srtp,
      PacketSink sink,
      int ssrc,
      int payloadType,
      int dtmfPayloadType,
      int initialSequence,
      long initialTimestamp,
      RtpObserver observer,
      java.util.function.LongSupplier nanoClock) {
    this.source = Objects.requireNonNull(source);
    this.encoder = Objects.requireNonNull(encoder);
    this.srtp = Objects.requireNonNull(srtp);
    this.sink = Objects.requireNonNull(sink);
    this.ssrc = ssrc;
    this.payloadType = payloadType;
    this.dtmfPayloadType = dtmfPayloadType;
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
    if (sendDtmfTick()) {
      timestamp = (timestamp + PcmFormat.FRAME_SAMPLES) & 0xFFFF_FFFFL;
      return more;
    }
    byte[] payload = encoder.encode(frame);
    if (AudioEncoder.isDtxFrame(payload)) {
      timestamp = (timestamp + PcmFormat.FRAME_SAMPLES) & 0xFFFF_FFFFL;
      dtxFrames.incrementAndGet();
      return more;
    }
    RtpPacket packet =
        RtpPacket.builder()
            .marker(first)
            .payloadType(payloadType)
            .sequenceNumber(sequence)
            .timestamp(timestamp)
            .ssrc(ssrc)
            .payload(payload)
            .build();
    first = false;
    timestamp = (timestamp + PcmFormat.FRAME_SAMPLES) & 0xFFFF_FFFFL;
    send(packet, payload.length, true);
    return more;
  }

  /** Sends this tick's telephone-event packet instead of audio, if a digit is playing. */
  private boolean sendDtmfTick() {
    java.util.Optional<DtmfPacket> event;
    synchronized (dtmf) {
      if (!dtmf.pending()) {
        return false;
      }
      event = dtmf.tick(timestamp);
    }
    event.ifPresent(
        e ->
            send(
                RtpPacket.builder()
                    .marker(e.marker())
                    .payloadType(dtmfPayloadType)
                    .sequenceNumber(sequence)
                    .timestamp(e.rtpTimestamp())
                    .ssrc(ssrc)
                    .payload(e.payload())
                    .build(),
                e.payload().length,
                false));
    return event.isPresent();
  }

  /**
   * Queues DTMF digits to send as RFC 4733 telephone events; audio pauses while each plays.
   *
   * @throws IllegalArgumentException naming a character that is not 0-9 * # A-D
   */
  public void sendDtmf(String digits) {
    synchronized (dtmf) {
      dtmf.queue(digits);
    }
  }

  private void send(RtpPacket packet, int payloadLength, boolean audio) {
    sequence = (sequence + 1) & 0xFFFF;
    byte[] protectedPacket = srtp.protect(RtpCodec.serialize(packet), 0, packet.serializedLength());
    try {
      sink.send(protectedPacket, 0, protectedPacket.length);
      double now = nanoClock.getAsLong() / 1e6;
      if (audio) {
        observer.onRtp(ssrc, packet.sequenceNumber(), packet.timestamp(), payloadLength, now);
        framesSent.incrementAndGet();
      } else {
        observer.onNonAudioRtp(ssrc, packet.sequenceNumber(), payloadLength, now);
        eventPackets.incrementAndGet();
      }
      bytesSent.addAndGet(protectedPacket.length);
    } catch (IOException e) {
      if (sendErrors.incrementAndGet() == 1) {
        log.warn("sending media failed: {}", e.toString());
      }
    }
  }

  public AudioSendStats stats() {
    return new AudioSendStats(
        framesSent.get(), bytesSent.get(), sendErrors.get(), dtxFrames.get(), eventPackets.get());
  }

  /**
   * Applies new encoder settings from the next frame on (e.g. from an {@code EncoderController}).
   */
  public void updateEncoder(io.peervoice.media.codec.OpusSettings settings) {
    encoder.update(settings);
  }

  @Override
  public void close() {
    encoder.close();
    srtp.close();
  }
}
