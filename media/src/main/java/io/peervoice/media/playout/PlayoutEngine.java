package io.peervoice.media.playout;

import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.CodecException;
import io.peervoice.media.jitter.AdaptiveJitterBuffer;
import io.peervoice.media.jitter.InsertOutcome;
import io.peervoice.media.jitter.JitterPacket;
import io.peervoice.media.jitter.PlayoutDecision;
import java.util.Objects;

/**
 * The receive path after the network: adaptive jitter buffer → Opus decode, in-band FEC or
 * concealment → time-stretching → a queue of decoded audio from which exactly one frame is played
 * per {@link #tick}. Pure logic driven by the caller's clock; not thread-safe (the caller
 * serializes {@link #onPacket} and {@link #tick}).
 */
public final class PlayoutEngine {
  private final AdaptiveJitterBuffer buffer;
  private final AudioDecoder decoder;
  private final TimeStretcher stretcher;
  private final PlayoutListener listener;
  private final int frameSamples;
  private final double samplesPerMilli;
  private short[] queue;

  /** The frame each packet is decoded into; copied into the queue at once, so reused. */
  private final short[] decoded;

  /** The frame concealment or comfort noise is produced into; copied into the queue at once. */
  private final short[] concealed;

  /** A decoded frame after time-stretching; copied into the queue at once. */
  private final short[] stretched;

  private final short[] silence;
  private int queued;
  private boolean concealing;

  private long totalSamplesReceived;
  private long concealedSamples;
  private long silentConcealedSamples;
  private long concealmentEvents;
  private long fecRecoveredFrames;
  private long insertedSamples;
  private long removedSamples;
  private double jitterBufferDelay;
  private long emittedCount;
  private long totalSamplesPlayed;
  private long decodeErrors;

  public PlayoutEngine(
      AdaptiveJitterBuffer buffer,
      AudioDecoder decoder,
      TimeStretcher stretcher,
      PlayoutListener listener,
      int sampleRate,
      int frameSamples) {
    this.buffer = Objects.requireNonNull(buffer);
    this.decoder = Objects.requireNonNull(decoder);
    this.stretcher = Objects.requireNonNull(stretcher);
    this.listener = Objects.requireNonNull(listener);
    this.frameSamples = frameSamples;
    this.samplesPerMilli = sampleRate / 1000.0;
    this.queue = new short[4 * frameSamples];
    this.decoded = new short[frameSamples];
    this.concealed = new short[frameSamples];
    this.stretched = new short[frameSamples + stretcher.maxGrowth()];
    this.silence = new short[frameSamples];
  }

  /** Offers a received packet to the jitter buffer, which owns it from now on. */
  public InsertOutcome onPacket(JitterPacket packet) {
    return buffer.insert(packet);
  }

  /**
   * A packet of the stream that carries no audio (a telephone event): its sequence number is passed
   * over, never concealed or counted as lost ({@link AdaptiveJitterBuffer#skip}).
   */
  public void onNonAudioPacket(int ssrc, int sequenceNumber) {
    buffer.skip(ssrc, sequenceNumber);
  }

  /**
   * Plays one frame: the next {@code frameSamples} samples, starting at {@code nowMillis}, in a new
   * array the caller keeps (sinks may hold on to the frames they are given).
   */
  public short[] tick(double nowMillis) {
    while (queued < frameSamples) {
      produce(nowMillis);
    }
    short[] frame = new short[frameSamples];
    System.arraycopy(queue, 0, frame, 0, frameSamples);
    System.arraycopy(queue, frameSamples, queue, 0, queued - frameSamples);
    queued -= frameSamples;
    totalSamplesPlayed += frameSamples;
    return frame;
  }

  private void produce(double nowMillis) {
    PlayoutDecision decision = buffer.next(nowMillis, queued / samplesPerMilli);
    if (decision instanceof PlayoutDecision.Decode d) {
      JitterPacket packet = d.packet();
      try {
        short[] pcm = decode(packet);
        if (pcm != null) {
          double playMillis = nowMillis + queued / samplesPerMilli;
          listener.onPlayed(packet, playMillis);
          jitterBufferDelay += (playMillis - packet.arrivalMillis()) / 1000 * pcm.length;
          emittedCount += pcm.length;
          totalSamplesReceived += pcm.length;
          concealing = false;
          appendStretched(pcm, d.stretch(), queued);
        }
      } finally {
        packet.release();
      }
    } else if (decision instanceof PlayoutDecision.DecodeFec f) {
      short[] pcm;
      try {
        pcm = decoder.decodeFec(f.next().payload());
        fecRecoveredFrames++;
        concealing = false;
      } catch (CodecException e) {
        decodeErrors++;
        pcm = conceal();
      }
      append(pcm);
    } else if (decision instanceof PlayoutDecision.Conceal) {
      append(conceal());
    } else if (decision instanceof PlayoutDecision.ComfortNoise) {
      decoder.concealInto(concealed);
      silentConcealedSamples += concealed.length;
      append(concealed);
    } else {
      append(silence);
    }
  }

  private short[] decode(JitterPacket packet) {
    try {
      decoder.decodeInto(packet.payloadBuffer(), 0, packet.payloadLength(), decoded);
      return decoded;
    } catch (CodecException e) {
      decodeErrors++;
      append(conceal());
      return null;
    }
  }

  private short[] conceal() {
    if (!concealing) {
      concealmentEvents++;
      concealing = true;
    }
    decoder.concealInto(concealed);
    concealedSamples += concealed.length;
    return concealed;
  }

  private void appendStretched(short[] pcm, PlayoutDecision.Stretch stretch, int queuedBefore) {
    if (stretch == PlayoutDecision.Stretch.ACCELERATE
        || stretch == PlayoutDecision.Stretch.TRIM_QUEUE) {
      int limit = stretch == PlayoutDecision.Stretch.TRIM_QUEUE ? queuedBefore : pcm.length;
      int length = stretcher.accelerateInto(pcm, limit, stretched);
      removedSamples += pcm.length - length;
      append(stretched, length);
    } else if (stretch == PlayoutDecision.Stretch.DECELERATE) {
      int length = stretcher.decelerateInto(pcm, stretched);
      insertedSamples += length - pcm.length;
      append(stretched, length);
    } else {
      append(pcm, pcm.length);
    }
  }

  private void append(short[] pcm) {
    append(pcm, pcm.length);
  }

  private void append(short[] pcm, int length) {
    if (queued + length > queue.length) {
      short[] bigger = new short[Math.max(queue.length * 2, queued + length)];
      System.arraycopy(queue, 0, bigger, 0, queued);
      queue = bigger;
    }
    System.arraycopy(pcm, 0, queue, queued, length);
    queued += length;
  }

  public PlayoutStats stats() {
    return new PlayoutStats(
        totalSamplesReceived,
        concealedSamples,
        silentConcealedSamples,
        concealmentEvents,
        fecRecoveredFrames,
        insertedSamples,
        removedSamples,
        jitterBufferDelay,
        emittedCount,
        buffer.target() / 1000,
        totalSamplesPlayed,
        decodeErrors,
        buffer.stats());
  }
}
