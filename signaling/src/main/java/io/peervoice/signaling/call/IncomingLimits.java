package io.peervoice.signaling.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How much incoming calling a phone takes before it refuses, so that no caller (or crowd of
 * callers) can flood it: every limit is checked by {@link CallAdmission} when an invite arrives,
 * after its signature and {@link InviteGuard} checks and before any ICE agent, socket, thread or
 * key is made for it ({@code docs/calls.md}, "Admission").
 *
 * <p>Rates are token buckets: {@code invites} may come at once, then one more every {@code period /
 * invites}. A contact's calls count towards {@code maxCalls} but a contact is never refused by the
 * shared limits ({@code maxCalls}, the overall rate), only by its own per-caller ones, so strangers
 * (even many identities) cannot lock contacts out.
 *
 * @param maxCalls incoming calls (ringing or active) at once, in total, beyond which strangers get
 *     BUSY
 * @param maxCallsPerCaller incoming calls at once from one caller, beyond which it gets BUSY
 * @param callerRate invites one caller may send (beyond: REJECTED)
 * @param overallRate invites all strangers together may send (beyond: REJECTED)
 * @param refusalRate answers to refused invites the phone sends (beyond: refused silently)
 */
public record IncomingLimits(
    int maxCalls, int maxCallsPerCaller, Rate callerRate, Rate overallRate, Rate refusalRate) {

  /** {@code invites} per {@code period}, with bursts of up to {@code invites}. */
  public record Rate(int invites, Duration period) {
    public Rate {
      Objects.requireNonNull(period, "period");
      if (invites < 1) {
        throw new IllegalArgumentException("a rate needs at least one invite: " + invites);
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("a rate needs a positive period: " + period);
      }
    }
  }

  public IncomingLimits {
    Objects.requireNonNull(callerRate, "callerRate");
    Objects.requireNonNull(overallRate, "overallRate");
    Objects.requireNonNull(refusalRate, "refusalRate");
    if (maxCalls < 1 || maxCallsPerCaller < 1) {
      throw new IllegalArgumentException(
          "call caps must be at least 1: " + maxCalls + ", " + maxCallsPerCaller);
    }
    if (maxCallsPerCaller > maxCalls) {
      throw new IllegalArgumentException(
          "maxCallsPerCaller (" + maxCallsPerCaller + ") exceeds maxCalls (" + maxCalls + ")");
    }
  }

  /**
   * A softphone's: 4 incoming calls at once, 2 per caller, 5 invites per 10 s per caller, 20 per 10
   * s from all strangers, 10 refusals answered per second.
   */
  public static IncomingLimits defaults() {
    return new IncomingLimits(
        4,
        2,
        new Rate(5, Duration.ofSeconds(10)),
        new Rate(20, Duration.ofSeconds(10)),
        new Rate(10, Duration.ofSeconds(1)));
  }

  /**
   * These limits with {@code maxCalls} incoming calls at once (per caller: at most that too), e.g.
   * for an IVR or gateway that takes many calls; the rates stay.
   */
  public IncomingLimits withMaxCalls(int maxCalls) {
    return new IncomingLimits(
        maxCalls, Math.min(maxCallsPerCaller, maxCalls), callerRate, overallRate, refusalRate);
  }
}
