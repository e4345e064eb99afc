package io.peervoice.media.audio.internal;

import javax.sound.sampled.Control;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;

/**
 * A Java Sound line of the fake loopback card: it has no controls and tells no listeners (the
 * device code under test uses neither).
 */
interface ControlFreeLine extends Line {

  @Override
  default Control[] getControls() {
    return new Control[0];
  }

  @Override
  default boolean isControlSupported(Control.Type control) {
    return false;
  }

  @Override
  default Control getControl(Control.Type control) {
    throw new IllegalArgumentException("the loopback card's lines have no controls");
  }

  @Override
  default void addLineListener(LineListener listener) {}

  @Override
  default void removeLineListener(LineListener listener) {}
}
