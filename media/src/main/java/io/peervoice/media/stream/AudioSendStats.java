package io.peervoice.media.stream;

/**
 * Counters of an audio send stream.
 *
 * @param framesSent audio frames encoded and handed to the network (telephone events not included)
 * @param bytesSent bytes handed to the network (in a call: SRTP bytes, as the SRTP stage counts
 *     them; a stream alone counts the plain RTP it hands to the next stage)
 * @param sendErrors frames the network refused
 * @param dtxFrames silent frames not sent because of discontinuous transmission
 * @param eventPackets RFC 4733 telephone-event packets handed to the network (end retransmissions
 *     included); they take sequence numbers of the stream but carry no audio
 * @param complexity the Opus complexity in use now (a load-adaptive encoder may run below the
 *     configured one); -1 when the encoder does not say
 */
public record AudioSendStats(
    long framesSent,
    long bytesSent,
    long sendErrors,
    long dtxFrames,
    long eventPackets,
    int complexity) {}
