package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.Conference;
import io.peervoice.sdk.Phone;
import io.peervoice.sdk.PhoneException;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code peervoice call PEER --add PEER2 [--add PEER3 ...]}: once the first call is answered, calls
 * each added peer and merges each into a conference this phone hosts as it answers; at the end
 * hangs up every leg and reports the roster, the mixer's figures and each leg.
 */
final class ConferenceHost {
  private final Phone phone;
  private final Call first;
  private final PrintWriter out;
  private final List<Call> added = new ArrayList<>();
  private Conference conference;
  private List<Conference.Member> lastRoster = List.of();
  private int missing;

  ConferenceHost(Phone phone, Call first, PrintWriter out) {
    this.phone = phone;
    this.first = first;
    this.out = out;
  }

  /** Calls every peer, merging each that answers within 90 s; those that do not are reported. */
  void gather(List<PeerId> peers) throws Exception {
    for (PeerId peer : peers) {
      try {
        added.add(phone.call(peer));
        out.println("adding " + peer + " ...");
      } catch (PhoneException e) {
        out.println("could not call " + peer + ": " + e.getMessage());
        missing++;
      }
      out.flush();
    }
    for (Call call : added) {
      try {
        CompletableFuture.anyOf(call.mediaStarted(), call.ended()).get(90, TimeUnit.SECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        // reported below
      }
      if (call.state() != CallState.ACTIVE || first.state() != CallState.ACTIVE) {
        out.println(call.peer() + " did not join: " + whyNot(call));
        call.hangup();
        missing++;
        continue;
      }
      conference = first.merge(call);
      out.println(ConferenceJson.line(conference.participants()));
      out.flush();
    }
  }

  /**
   * Issue 17: why an added peer is not in the conference, in the words of the call's summary line
   * ({@link PhoneReport#ended}: {@code busy (the callee is set to do not disturb)}, {@code
   * declined}, {@code unreachable}), rather than the bare state {@code ENDED}.
   */
  private String whyNot(Call call) {
    if (call.ended().isDone()) {
      return PhoneReport.ended(call.ended().join(), call.stats());
    }
    return call.state() == CallState.ACTIVE
        ? "the call to " + first.peer() + " ended first"
        : "not answered within 90 s";
  }

  /** Talks for {@code millis}, or until the conference is over (or, without one, the call). */
  void talk(long millis) throws Exception {
    CompletableFuture<?> over = conference == null ? first.ended() : conference.ended();
    try {
      over.get(Math.max(1, millis), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // the time is up
    }
  }

  /** Hangs up every leg and waits for them to end. */
  void hangup() throws Exception {
    if (conference != null) {
      lastRoster = conference.participants();
      conference.hangup();
    }
    for (Call call : added) {
      call.hangup();
    }
    for (Call call : added) {
      call.ended().get(10, TimeUnit.SECONDS);
    }
  }

  /** Added peers that never joined the conference (not reached, or not answered in time). */
  int missing() {
    return missing;
  }

  /** The calls this command added, whatever became of them. */
  List<Call> added() {
    return added;
  }

  /** The {@code conference} part of the report (host side). */
  Map<String, Object> json() {
    List<Call> legs = new ArrayList<>();
    legs.add(first);
    legs.addAll(added);
    Conference.Figures figures =
        conference == null ? new Conference.Figures(0, 0, 0, 0, 0, 0, 0, 0) : conference.figures();
    return ConferenceJson.host(lastRoster, figures, legs);
  }

  /** Prints the mixer's figures. */
  void printSummary() {
    if (conference != null) {
      Conference.Figures f = conference.figures();
      out.printf(
          "  conference: %d legs; mixer delay mean %.1f ms, p95 %.0f ms, max %.1f ms;"
              + " %d underruns, %d skipped%n",
          1 + added.size(),
          f.meanDelayMillis(),
          f.p95DelayMillis(),
          f.maxDelayMillis(),
          f.underruns(),
          f.skipped());
    }
  }
}
