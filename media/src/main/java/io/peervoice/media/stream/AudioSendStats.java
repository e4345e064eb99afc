package io.peervoice.media.stream;

/**
 * Counters of an audio send stream.
 *
 * @param framesSent frames encoded and handed to the network
 * @param bytesSent SRTP bytes handed to the network
 * @param sendErrors frames the network refused
 * @param dtxFrames silent frames not sent because of discontinuous transmission
 */
public record AudioSendStats(long framesSent, long bytesSent, long sendErrors, long dtxFrames) {}
