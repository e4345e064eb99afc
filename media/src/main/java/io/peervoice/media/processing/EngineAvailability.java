package io.peervoice.media.processing;

/**
 * Whether one engine can run on this machine.
 *
 * @param engine the engine
 * @param available whether it loaded
 * @param detail its version when available, otherwise why it cannot load (one line)
 */
public record EngineAvailability(ProcessingEngine engine, boolean available, String detail) {}
