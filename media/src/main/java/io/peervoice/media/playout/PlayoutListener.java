package io.peervoice.media.playout;

import io.peervoice.media.jitter.JitterPacket;

/** Told what the playout engine produced, frame by frame; for reports and benchmarks. */
public interface PlayoutListener {

  /** A frame decoded from {@code packet} starts playing at {@code playMillis}. */
  default void onPlayed(JitterPacket packet, double playMillis) {}

  /** No-op listener. */
  PlayoutListener NONE = new PlayoutListener() {};
}
