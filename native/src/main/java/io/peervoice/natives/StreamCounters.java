package io.peervoice.natives;

/**
 * What a {@link StreamServer} saw, since it started.
 *
 * @param open connections open now (TLS ones once their handshake is done)
 * @param accepted connections accepted (before any handshake)
 * @param refusedTotal connections closed at once: the server held its maximum
 * @param refusedPerIp connections closed at once: their source IP held its maximum
 * @param handshakeFailed TLS handshakes that failed or timed out
 * @param corrupt connections closed because the framing found them corrupt (a frame over the size
 *     limit) or too many bytes came without a whole frame
 * @param idleClosed connections closed after the idle timeout, or the frame timeout (no whole frame
 *     in time)
 * @param framesIn frames received
 * @param framesOut frames sent
 * @param sendsRefused frames not sent because the connection's outbound buffer was over its high
 *     water mark (back-pressure) or the connection was closed
 */
public record StreamCounters(
    long open,
    long accepted,
    long refusedTotal,
    long refusedPerIp,
    long handshakeFailed,
    long corrupt,
    long idleClosed,
    long framesIn,
    long framesOut,
    long sendsRefused) {}
