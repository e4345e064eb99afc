package io.peervoice.media.jitter;

/**
 * Counters of a jitter buffer since it was created.
 *
 * @param accepted packets buffered
 * @param duplicates packets dropped as duplicates
 * @param late packets dropped because their playout time had passed
 * @param overflowDrops packets dropped to respect the buffer cap
 * @param played frames played from packets
 * @param lost frames concealed because their packet was missing
 * @param underruns frames concealed because the buffer ran dry
 * @param buffered packets held right now
 */
public record JitterBufferStats(
    long accepted,
    long duplicates,
    long late,
    long overflowDrops,
    long played,
    long lost,
    long underruns,
    int buffered) {}
