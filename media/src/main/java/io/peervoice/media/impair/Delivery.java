package io.peervoice.media.impair;

/**
 * A packet the impaired network delivers at {@code atMillis}, on the same time scale as the send
 * time it was offered with. A duplicate carries its own copy of the bytes.
 */
public record Delivery(byte[] data, double atMillis) {}
