package io.peervoice.media.stream;

/**
 * Counters of an audio send stream.
 *
 * @param framesSent frames encoded and handed to the network
 * @param bytesSent SRTP bytes handed to the network
 * @param sendErrors frames the network refused
 */
public record AudioSendStats(long framesSent, long bytesSent, long sendErrors) {}
