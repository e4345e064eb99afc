package io.peervoice.media.rtcp;

import java.util.OptionalDouble;

/**
 * RTCP-derived statistics of a call's audio, named as in the W3C WebRTC statistics.
 *
 * @param packetsReceived RTP packets received (RTCInboundRtpStreamStats.packetsReceived)
 * @param packetsLost cumulative packets lost, as the RTCP report counts it (packetsLost)
 * @param jitter interarrival jitter of what we receive, seconds (jitter)
 * @param remoteFractionLost loss of what we send as the peer last reported it, 0..1
 *     (RTCRemoteInboundRtpStreamStats.fractionLost)
 * @param remotePacketsLost cumulative loss of what we send, as the peer reported it
 * @param remoteJitter jitter of what we send, as the peer measured it, seconds
 * @param roundTripTime last round-trip time from SR/RR timing, seconds, if measured yet
 *     (roundTripTime)
 * @param reportsSent RTCP compound packets sent
 * @param reportsReceived RTCP compound packets received
 * @param remotePacketsReceived how many of our packets (audio and telephone events) the peer's last
 *     report says arrived, from its extended highest sequence number and cumulative loss; -1 before
 *     the peer reported on our stream
 */
public record RtcpStats(
    long packetsReceived,
    long packetsLost,
    double jitter,
    double remoteFractionLost,
    long remotePacketsLost,
    double remoteJitter,
    OptionalDouble roundTripTime,
    long reportsSent,
    long reportsReceived,
    long remotePacketsReceived) {}
