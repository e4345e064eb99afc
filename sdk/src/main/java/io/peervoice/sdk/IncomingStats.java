package io.peervoice.sdk;

import io.peervoice.signaling.call.IncomingLimits;

/**
 * What a phone did with incoming invites and peer input it refused, for monitoring an attack.
 *
 * @param admitted invites that passed the admission limits ({@link
 *     io.peervoice.signaling.call.CallAdmission}); they ring unless the guard's later checks (key
 *     share, replay cache), glare or call waiting still refuse them
 * @param refusedByGuard invites refused as re-targeted, stale, replayed, with a weak key share,
 *     without a common SRTP profile, or with a malformed offer
 * @param refusedByLimits invites refused by the admission limits ({@link IncomingLimits})
 * @param refusalsUnanswered refusals not answered because the refusal rate was exhausted
 * @param remoteCandidatesDropped peer candidates dropped: over 16 per call, or not IP literals
 * @param warningsSuppressed repeated warnings not logged (one line per kind per 10 s)
 * @param signalingFailures signaling tasks that threw: a call's task ends its call ({@link
 *     io.peervoice.signaling.call.EndReason#ERROR}, the peer told); any other is logged
 */
public record IncomingStats(
    long admitted,
    long refusedByGuard,
    long refusedByLimits,
    long refusalsUnanswered,
    long remoteCandidatesDropped,
    long warningsSuppressed,
    long signalingFailures) {}
