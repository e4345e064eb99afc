package io.peervoice.media.audio;

/** Consumes played-out 20 ms frames of 48 kHz mono PCM, one per call, on the media clock. */
public interface AudioSink {

  void write(short[] frame);
}
