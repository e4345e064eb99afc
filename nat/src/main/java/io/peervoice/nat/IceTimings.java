package io.peervoice.nat;

/**
 * How long each phase of ICE took, in milliseconds; -1 for a phase that has not happened.
 *
 * @param hostGatheringMillis binding the host candidates (before the offer can be sent)
 * @param trickleMillis from the start of STUN/TURN gathering to end-of-candidates
 * @param firstValidPairMillis from the start of checks to the first pair that worked
 * @param nominatedMillis from the start of checks to the nominated pair (ICE's completion, as the
 *     session learnt of it)
 * @param pathReadyMillis from the start of checks to the media path built over the nominated pair
 *     (for a direct pair: its port's media path and our own STUN taking over from the ICE agent,
 *     RFC 7675 consent included): {@code nominatedMillis} plus the path's set-up
 */
public record IceTimings(
    long hostGatheringMillis,
    long trickleMillis,
    long firstValidPairMillis,
    long nominatedMillis,
    long pathReadyMillis) {

  /** Timings without a path-ready figure (-1). */
  public IceTimings(
      long hostGatheringMillis,
      long trickleMillis,
      long firstValidPairMillis,
      long nominatedMillis) {
    this(hostGatheringMillis, trickleMillis, firstValidPairMillis, nominatedMillis, -1);
  }

  /** The media path's own set-up: from ICE's completion to the path ready; -1 if not measured. */
  public long pathSetUpMillis() {
    return pathReadyMillis < 0 || nominatedMillis < 0 ? -1 : pathReadyMillis - nominatedMillis;
  }
}
