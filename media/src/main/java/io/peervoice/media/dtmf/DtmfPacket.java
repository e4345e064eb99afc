package io.peervoice.media.dtmf;

/**
 * A telephone-event packet to send: its payload, the RTP timestamp of the event's start (the same
 * for every packet of one event, RFC 4733 §2.5.1.2) and the marker bit (first packet of an event).
 */
public record DtmfPacket(byte[] payload, long rtpTimestamp, boolean marker) {}
