package io.peervoice.signaling;

/**
 * A snapshot of a rendezvous node.
 *
 * @param received datagrams received
 * @param malformed datagrams that did not decode (dropped)
 * @param rateLimited datagrams over their source's rate limit (dropped)
 * @param stunBindings STUN Binding requests answered
 * @param routed messages pushed to attached peers
 * @param delivered pushes the peer acknowledged
 * @param deliveryFailed routes refused or unacknowledged
 * @param routingTableSize nodes in the routing table
 * @param records location records held
 * @param attachments peers attached
 */
public record NodeStats(
    long received,
    long malformed,
    long rateLimited,
    long stunBindings,
    long routed,
    long delivered,
    long deliveryFailed,
    int routingTableSize,
    int records,
    int attachments) {}
