package io.peervoice.media.jitter;

/**
 * What the playout engine should produce next: one frame's worth of audio, decoded, recovered,
 * concealed or generated.
 */
public sealed interface PlayoutDecision {

  /** How to adjust the playout rate while decoding (time-stretching, no pitch change). */
  enum Stretch {
    NONE,
    /** Shorten the decoded frame: the buffer holds more than the target. */
    ACCELERATE,
    /**
     * Shorten the decoded frame by no more than the audio already queued ahead of it: that audio
     * only adds delay.
     */
    TRIM_QUEUE,
    /** Lengthen the decoded frame: the buffer holds less than the target. */
    DECELERATE
  }

  /** Decode this packet. */
  record Decode(JitterPacket packet, long extendedSequence, Stretch stretch)
      implements PlayoutDecision {}

  /** The packet due is missing but the next one is here: decode its in-band FEC data. */
  record DecodeFec(JitterPacket next, long missingSequence) implements PlayoutDecision {}

  /** Nothing to decode: conceal. {@code lost} tells a missing packet from an empty buffer. */
  record Conceal(boolean lost) implements PlayoutDecision {}

  /** The sender is in discontinuous transmission (DTX): play comfort noise, not a loss. */
  record ComfortNoise() implements PlayoutDecision {}

  /** Not playing yet (filling the buffer) or gone idle after the stream stopped: silence. */
  record Idle() implements PlayoutDecision {}
}
