package io.peervoice.media.jitter;

/**
 * Counters and levels of an {@link AdaptiveJitterBuffer}.
 *
 * @param packetsAccepted packets buffered
 * @param duplicates packets dropped as duplicates
 * @param latePackets packets that arrived after their playout time (dropped)
 * @param overflowDrops packets dropped to respect the capacity
 * @param lostFrames frames due whose packet was missing while later ones had arrived
 * @param fecFrames missing frames recovered from the next packet's FEC data
 * @param underrunFrames frames concealed because the buffer was empty
 * @param comfortNoiseFrames frames of DTX comfort noise
 * @param ssrcChanges times the stream restarted with a new SSRC
 * @param nonAudioPackets packets of the stream that carry no audio (telephone events), passed over
 *     in sequence without being counted as lost
 * @param targetMillis current target: playout delay above the fastest recent path
 * @param currentDelayMillis playout delay above the fastest recent path of the last frame
 * @param bufferedPackets packets held now
 */
public record AdaptiveJitterBufferStats(
    long packetsAccepted,
    long duplicates,
    long latePackets,
    long overflowDrops,
    long lostFrames,
    long fecFrames,
    long underrunFrames,
    long comfortNoiseFrames,
    long ssrcChanges,
    long nonAudioPackets,
    double targetMillis,
    double currentDelayMillis,
    int bufferedPackets) {}
