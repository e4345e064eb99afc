package io.peervoice.media.codec;

import java.util.Objects;

/**
 * An encoder that first takes the frame from its {@link PreEncodedSource} ready encoded, and
 * encodes only when the source has none. It passes every settings change on to both. Not
 * thread-safe, like every {@link AudioEncoder}.
 */
public final class PreEncodedEncoder implements AudioEncoder {
  private final AudioEncoder own;
  private final PreEncodedSource source;

  /**
   * @param own the leg's own encoder
   * @param settings what {@code own} runs with now
   * @param source where ready frames come from
   */
  public PreEncodedEncoder(AudioEncoder own, OpusSettings settings, PreEncodedSource source) {
    this.own = Objects.requireNonNull(own, "own");
    this.source = Objects.requireNonNull(source, "source");
    source.encoderSettings(Objects.requireNonNull(settings, "settings"));
  }

  @Override
  public byte[] encode(short[] frame) {
    byte[] ready = new byte[1275];
    int n = source.takeEncoded(ready, 0);
    return n < 0 ? own.encode(frame) : java.util.Arrays.copyOf(ready, n);
  }

  @Override
  public int encode(short[] frame, byte[] out, int offset) {
    int n = source.takeEncoded(out, offset);
    return n < 0 ? own.encode(frame, out, offset) : n;
  }

  @Override
  public void update(OpusSettings settings) {
    own.update(settings);
    source.encoderSettings(settings);
  }

  @Override
  public int complexity() {
    return own.complexity();
  }

  @Override
  public void close() {
    own.close();
  }
}
