package io.peervoice.media.stream;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.CodecException;
import io.peervoice.media.jitter.FixedJitterBuffer;
import io.peervoice.media.jitter.Playout;
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
 * unprotect, RTP parse, into the jitter buffer. {@link #playoutTick} is called every 20 ms by the
 * media clock: one frame out of the jitter buffer, decoded or concealed, into the sink. Every bad
 * datagram is a counted drop. Thread-safe.
 */
public final class AudioReceiveStream implements AutoCloseable {
  private final SrtpReceiver srtp;
  private final AudioDecoder decoder;
  private final FixedJitterBuffer jitterBuffer;
  private final AudioSink sink;
  private final int payloadType;
  private final LongSupplier nanoClock;
  private final short[] silence;

  private final Map<SrtpRejection, Long> srtpRejected = new EnumMap<>(SrtpRejection.class);
  private long packetsReceived;
  private long malformedRtp;
  private long wrongPayloadType;
  private long framesDecoded;
  private long framesConcealed;
  private long decodeErrors;
  private long firstAudioNanos = -1;

  /**
   * @param nanoClock monotonic clock, in nanoseconds, used to time the first played frame
   */
  public AudioReceiveStream(
      SrtpReceiver srtp,
      AudioDecoder decoder,
      FixedJitterBuffer jitterBuffer,
      AudioSink sink,
      int payloadType,
      int frameSamples,
      LongSupplier nanoClock) {
    this.srtp = Objects.requireNonNull(srtp);
    this.decoder = Objects.requireNonNull(decoder);
    this.jitterBuffer = Objects.requireNonNull(jitterBuffer);
    this.sink = Objects.requireNonNull(sink);
    this.payloadType = payloadType;
    this.nanoClock = Objects.requireNonNull(nanoClock);
    this.silence = new short[frameSamples];
  }

  /** Takes one datagram from the network. */
  public void onDatagram(byte[] data, int offset, int length) {
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
        wrongPayloadType++;
        return;
      }
      jitterBuffer.insert(packet.sequenceNumber(), packet.payload());
    }
  }

  /** Plays out one 20 ms frame into the sink. */
  public void playoutTick() {
    short[] frame;
    synchronized (this) {
      frame = nextFrame(jitterBuffer.poll());
    }
    sink.write(frame);
  }

  private short[] nextFrame(Playout playout) {
    if (playout instanceof Playout.Frame f) {
      try {
        short[] pcm = decoder.decode(f.payload());
        framesDecoded++;
        if (firstAudioNanos < 0) {
          firstAudioNanos = nanoClock.getAsLong();
        }
        return pcm;
      } catch (CodecException e) {
        decodeErrors++;
        framesConcealed++;
        return decoder.conceal();
      }
    }
    if (playout instanceof Playout.Idle) {
      return silence;
    }
    framesConcealed++;
    return decoder.conceal();
  }

  /** Monotonic time of the first frame played from a received packet, or -1 if none yet. */
  public synchronized long firstAudioNanos() {
    return firstAudioNanos;
  }

  public synchronized AudioReceiveStats stats() {
    return new AudioReceiveStats(
        packetsReceived,
        srtpRejected,
        malformedRtp,
        wrongPayloadType,
        framesDecoded,
        framesConcealed,
        decodeErrors,
        jitterBuffer.stats());
  }

  @Override
  public void close() {
    decoder.close();
    srtp.close();
  }
}
