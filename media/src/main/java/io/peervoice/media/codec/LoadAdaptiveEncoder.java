package io.peervoice.media.codec;

import java.util.Objects;

/**
 * An encoder whose complexity follows its media loop's load ({@link ComplexityGovernor}): told of
 * each tick before its frame is encoded, it caps the complexity of whatever settings it was last
 * given ({@link #update}, e.g. the loss-driven controller's) at the governor's, so the two never
 * undo each other. Ticks (the media loop) and settings (the RTCP receive path, which may be another
 * thread) are serialised.
 */
public final class LoadAdaptiveEncoder implements AudioEncoder {
  private final AudioEncoder encoder;
  private final ComplexityGovernor governor;
  private OpusSettings requested;
  private int cap;
  private volatile int complexity;

  /**
   * @param encoder the encoder, set up with {@code settings}
   * @param settings the settings it was made with
   * @param governor decides the cap
   */
  public LoadAdaptiveEncoder(
      AudioEncoder encoder, OpusSettings settings, ComplexityGovernor governor) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.requested = Objects.requireNonNull(settings, "settings");
    this.governor = Objects.requireNonNull(governor, "governor");
    this.cap = governor.complexity();
    this.complexity = Math.min(cap, settings.complexity());
    if (complexity != settings.complexity()) {
      encoder.update(settings.withComplexity(complexity));
    }
  }

  /** One 20 ms tick ran {@code lateNanos} after it was due; the next frame encodes accordingly. */
  public synchronized void onTick(long lateNanos) {
    int next = governor.onTick(lateNanos);
    if (next != cap) {
      cap = next;
      apply();
    }
  }

  @Override
  public byte[] encode(short[] frame) {
    return encoder.encode(frame);
  }

  @Override
  public int encode(short[] frame, byte[] out, int offset) {
    return encoder.encode(frame, out, offset);
  }

  @Override
  public synchronized void update(OpusSettings settings) {
    requested = Objects.requireNonNull(settings, "settings");
    apply();
  }

  private void apply() {
    int c = Math.min(cap, requested.complexity());
    encoder.update(requested.withComplexity(c));
    complexity = c;
  }

  @Override
  public int complexity() {
    return complexity;
  }

  /** Steps the governor took down, and {@link #stepsUp() up}, so far. */
  public long stepsDown() {
    return governor.stepsDown();
  }

  public long stepsUp() {
    return governor.stepsUp();
  }

  @Override
  public void close() {
    encoder.close();
  }
}
