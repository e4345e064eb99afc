package io.peervoice.sdk;

import io.peervoice.media.audio.ConferenceMixer;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A conference's one encoder for the full mix that every non-speaking leg hears ({@link
 * ConferenceMixer}). Its settings suit every leg: the lowest bitrate any leg's encoder runs at now,
 * FEC if any leg has it, the highest expected loss, DTX only if every leg has it; its complexity is
 * the phone's. The legs' encoders tell theirs as they change (on their media loops); the mixer
 * encodes under its lock. Bounded: one entry per leg present.
 */
final class SharedEncoder implements ConferenceMixer.FrameEncoder {
  private final AudioEncoder encoder;
  private final int complexity;
  private final Map<Object, OpusSettings> legs = new HashMap<>();
  private OpusSettings applied;
  private boolean changed;

  /** An encoder made by {@code codec}, starting with {@code settings}. */
  SharedEncoder(OpusSettings settings, Function<OpusSettings, AudioEncoder> codec) {
    this.applied = Objects.requireNonNull(settings, "settings");
    this.complexity = settings.complexity();
    this.encoder = codec.apply(settings);
  }

  /** {@code leg}'s encoder runs with {@code settings} now. */
  synchronized void settings(Object leg, OpusSettings settings) {
    legs.put(leg, settings);
    changed = true;
  }

  /** {@code leg} left. */
  synchronized void remove(Object leg) {
    changed |= legs.remove(leg) != null;
  }

  @Override
  public synchronized int encode(short[] pcm, byte[] out, int offset) {
    if (changed && !legs.isEmpty()) {
      changed = false;
      OpusSettings merged = merge(legs.values()).withComplexity(complexity);
      if (!merged.equals(applied)) {
        encoder.update(merged);
        applied = merged;
      }
    }
    return encoder.encode(pcm, out, offset);
  }

  /** Settings that suit every one of {@code all} (not empty). */
  static OpusSettings merge(Iterable<OpusSettings> all) {
    OpusSettings m = null;
    for (OpusSettings s : all) {
      m =
          m == null
              ? s
              : new OpusSettings(
                  Math.min(m.bitrate(), s.bitrate()),
                  m.complexity(),
                  m.inbandFec() || s.inbandFec(),
                  Math.max(m.expectedLossPercent(), s.expectedLossPercent()),
                  m.dtx() && s.dtx());
    }
    return m;
  }

  /** The settings it encodes with now. */
  synchronized OpusSettings applied() {
    return applied;
  }

  @Override
  public synchronized void close() {
    encoder.close();
  }
}
