package io.peervoice.media.audio;

/**
 * An audio source that sends silence while muted or on hold, keeping the stream's timing: the
 * wrapped source is still read every frame, so a file or a microphone does not fall behind.
 */
public final class SwitchableSource implements AudioSource {
  private final AudioSource source;
  private volatile boolean silent;

  public SwitchableSource(AudioSource source) {
    this.source = source;
  }

  public void silence(boolean silent) {
    this.silent = silent;
  }

  @Override
  public boolean read(short[] frame) {
    boolean more = source.read(frame);
    if (silent) {
      java.util.Arrays.fill(frame, (short) 0);
    }
    return more;
  }
}
