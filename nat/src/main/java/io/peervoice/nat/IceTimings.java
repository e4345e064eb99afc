package io.peervoice.nat;

/**
 * How long each phase of ICE took, in milliseconds; -1 for a phase that has not happened.
 *
 * @param hostGatheringMillis binding the host candidates (before the offer can be sent)
 * @param trickleMillis from the start of STUN/TURN gathering to end-of-candidates
 * @param firstValidPairMillis from the start of checks to the first pair that worked
 * @param nominatedMillis from the start of checks to the nominated pair
 */
public record IceTimings(
    long hostGatheringMillis,
    long trickleMillis,
    long firstValidPairMillis,
    long nominatedMillis) {}
