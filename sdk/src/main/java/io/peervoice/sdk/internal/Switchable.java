package io.peervoice.sdk.internal;

import io.peervoice.media.audio.AudioSource;

/** An audio source that sends silence while muted or on hold, keeping the stream's timing. */
public final class Switchable implements AudioSource {
  private final AudioSource source;
  private volatile boolean silent;

  public Switchable(AudioSource source) {
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
