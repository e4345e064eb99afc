package io.peervoice.media.codec;

/**
 * A send path's source whose frames may come encoded already: a conference hands the same Opus
 * frame, encoded once, to every leg that hears the same mix ({@code docs/conference.md}). The send
 * stream reads a frame, then asks for its encoding ({@link #takeEncoded}); the source tells whether
 * it has one. Only its bytes are shared: each leg's RTP sequence, timestamp, SSRC and SRTP stay its
 * own. Called on the send stream's thread, read then take, one tick at a time.
 */
public interface PreEncodedSource {

  /** The settings the leg's own encoder runs with now: told at the start and at each change. */
  void encoderSettings(OpusSettings settings);

  /**
   * The frame last read, already encoded: copies it into {@code out} at {@code offset} and returns
   * its length; -1 if there is none for that frame (the caller encodes it itself). A frame is taken
   * at most once.
   */
  int takeEncoded(byte[] out, int offset);
}
