package io.peervoice.media.impair;

/** A packet the impaired network delivers at {@code atMillis}. */
public record Delivery(byte[] data, double atMillis) {}
