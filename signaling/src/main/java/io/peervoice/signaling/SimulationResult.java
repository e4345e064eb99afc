package io.peervoice.signaling;

/**
 * What an {@link OverlaySimulation} measured, before and after the kill. Latencies are virtual
 * milliseconds from the first query to the answer.
 */
public record SimulationResult(
    int nodes,
    int killed,
    int peers,
    int lookups,
    double lookupSuccessPct,
    double hopsMean,
    int hopsP95,
    int lookupMsP50,
    int lookupMsP95,
    double lookupSuccessPctAfterKill,
    double hopsMeanAfterKill,
    int hopsP95AfterKill,
    int lookupMsP50AfterKill,
    int lookupMsP95AfterKill,
    long datagramsDelivered,
    long datagramsLost) {}
