package io.peervoice.sdk;

import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.stream.AudioReceiveStats;
import io.peervoice.media.stream.AudioSendStats;
import io.peervoice.nat.CandidateType;

/**
 * A snapshot of one endpoint's media.
 *
 * @param localCandidateType type of our end of the selected pair
 * @param remoteCandidateType type of the peer's end
 * @param loopbackFallback whether the path is the loopback fallback instead of ICE
 * @param iceConnectMillis from the start of checks to the nominated pair
 * @param srtpProfile SRTP profile in use
 * @param send outgoing stream counters
 * @param rtcp RTCP-derived statistics: RTT, jitter, loss both ways
 * @param receive incoming stream counters
 * @param firstAudioNanos monotonic time of the first played frame, or -1
 */
public record MediaSessionStats(
    CandidateType localCandidateType,
    CandidateType remoteCandidateType,
    boolean loopbackFallback,
    long iceConnectMillis,
    SrtpProfile srtpProfile,
    AudioSendStats send,
    RtcpStats rtcp,
    AudioReceiveStats receive,
    long firstAudioNanos) {}
