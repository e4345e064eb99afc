package io.peervoice.media.jitter;

/** What the jitter buffer says to play for one 20 ms tick. */
public sealed interface Playout {

  /** Play the packet with this (extended) sequence number. */
  record Frame(long sequence, byte[] payload) implements Playout {}

  /** The packet due now is missing while later ones are here: conceal it. */
  record Lost(long sequence) implements Playout {}

  /** Nothing buffered after playout began: conceal, the stream may resume. */
  record Underrun() implements Playout {}

  /** Not playing yet (filling to the target depth, or the stream ended): play silence. */
  record Idle() implements Playout {}
}
