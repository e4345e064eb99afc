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

  /**
   * Decode this packet. The packet is the caller's now: it {@link JitterPacket#release releases} it
   * once decoded. The buffer reuses one such decision for every packet it plays (the playout path
   * allocates nothing per frame), so it is read before the buffer's next decision.
   */
  final class Decode implements PlayoutDecision {
    private JitterPacket packet;
    private long extendedSequence;
    private Stretch stretch;

    /** A decision to decode {@code packet}, the {@code extendedSequence}-th of the stream. */
    public Decode(JitterPacket packet, long extendedSequence, Stretch stretch) {
      set(packet, extendedSequence, stretch);
    }

    Decode set(JitterPacket packet, long extendedSequence, Stretch stretch) {
      this.packet = java.util.Objects.requireNonNull(packet, "packet");
      this.extendedSequence = extendedSequence;
      this.stretch = java.util.Objects.requireNonNull(stretch, "stretch");
      return this;
    }

    public JitterPacket packet() {
      return packet;
    }

    /** The packet's sequence number extended past 16 bits (RFC 3550 §A.1). */
    public long extendedSequence() {
      return extendedSequence;
    }

    public Stretch stretch() {
      return stretch;
    }

    @Override
    public String toString() {
      return "Decode[seq=" + extendedSequence + ", stretch=" + stretch + "]";
    }
  }

  /** The packet due is missing but the next one is here: decode its in-band FEC data. */
  record DecodeFec(JitterPacket next, long missingSequence) implements PlayoutDecision {}

  /** Nothing to decode: conceal. {@code lost} tells a missing packet from an empty buffer. */
  record Conceal(boolean lost) implements PlayoutDecision {}

  /** The sender is in discontinuous transmission (DTX): play comfort noise, not a loss. */
  record ComfortNoise() implements PlayoutDecision {}

  /** Not playing yet (filling the buffer) or gone idle after the stream stopped: silence. */
  record Idle() implements PlayoutDecision {}
}
