package io.peervoice.sdk;

import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S6 missed: a phone's missed-call notes ({@code docs/missed-calls.md}). Leaving one: a MISSED_CALL
 * call message sealed to the callee and left with nodes that hold it ({@link OverlayClient#hold}).
 * Receiving one: raised once per (caller, call), only if its time is within the longest hold (plus
 * clock skew) of now, to every {@link MissedCall.Listener}; the last {@link #KEPT} are kept, so a
 * listener added after start still hears those that came before it.
 */
final class PhoneNotes {
  private static final Logger log = LoggerFactory.getLogger(PhoneNotes.class);

  /** Missed calls kept for listeners that come later, and (caller, call) pairs remembered. */
  static final int KEPT = 256;

  /**
   * The most notes kept from one caller (the node holds 4 per sender and recipient too); S7 tel: as
   * many refused calls of one caller again.
   */
  static final int PER_SENDER = 4;

  /** Notes older than this (a node holds one 24 h) or this far ahead are dropped as replays. */
  static final Duration MAX_AGE = Duration.ofHours(48);

  static final Duration MAX_AHEAD = Duration.ofMinutes(10);

  private final SignalingThread thread;
  private final LongSupplier wallMillis;
  private final List<MissedCall.Listener> listeners = new ArrayList<>();
  private final Map<String, MissedCall> kept = bounded(KEPT);
  // refused calls apart: invites cost less than notes, and must not push notes out
  private final Map<String, MissedCall> keptRefused = bounded(KEPT / 4);
  private long dropped;

  /** S7 tel: the key suffix of a refused call's event. */
  private static final String DND = "/dnd";

  PhoneNotes(SignalingThread thread, LongSupplier wallMillis) {
    this.thread = thread;
    this.wallMillis = wallMillis;
  }

  /**
   * A MISSED_CALL from {@code from}, whose signature the overlay checked; on the signaling thread.
   */
  void received(PeerId from, CallMessage.MissedCall m) {
    long now = wallMillis.getAsLong();
    String key = from + "/" + m.callId();
    if (m.timestampMillis() < now - MAX_AGE.toMillis()
        || m.timestampMillis() > now + MAX_AHEAD.toMillis()) {
      dropped++;
      log.debug("dropped a missed-call note from {} dated {}", from, m.timestampMillis());
      return;
    }
    raise(
        key,
        new MissedCall(
            from, m.callId(), Instant.ofEpochMilli(m.timestampMillis()), m.text(), m.voice()));
  }

  /**
   * S7 tel: we turned {@code callId} from {@code from} away for do not disturb at {@code
   * timeMillis}: raised as a {@link MissedCall} with {@link MissedCall.Reason#DO_NOT_DISTURB} to
   * every listener, and kept for later listeners apart from notes (at most {@link #PER_SENDER} of
   * one caller among the last {@code KEPT / 4}, so refusals never push a note out; beyond that it
   * reaches only the listeners there are). Each is an invite that passed the guard, the admission
   * limits and the replay check, so their rate is the invite rate a phone allows.
   */
  void refused(PeerId from, CallId callId, long timeMillis) {
    raise(
        from + "/" + callId + DND,
        new MissedCall(
            from,
            callId,
            Instant.ofEpochMilli(timeMillis),
            "",
            List.of(),
            MissedCall.Reason.DO_NOT_DISTURB));
  }

  private static Map<String, MissedCall> bounded(int most) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, MissedCall> eldest) {
        return size() > most;
      }
    };
  }

  private void raise(String key, MissedCall missed) {
    List<MissedCall.Listener> to;
    synchronized (kept) {
      boolean dnd = key.endsWith(DND); // S7 tel: a caller's refused calls and notes apart
      Map<String, MissedCall> into = dnd ? keptRefused : kept;
      if (into.containsKey(key)) {
        return; // the same note held by two nodes, or replayed
      }
      String sender = missed.caller() + "/";
      if (into.keySet().stream().filter(k -> k.startsWith(sender)).count() < PER_SENDER) {
        into.put(key, missed);
      } else if (!dnd) {
        dropped++; // as the node's quota: one caller cannot push everyone else's notes out
        return;
      } // S7 tel: a refusal over the bound is told to the listeners there are, not kept
      to = List.copyOf(listeners);
    }
    for (MissedCall.Listener l : to) {
      thread.dispatch(() -> l.onMissedCall(missed));
    }
  }

  /** Adds {@code listener} and tells it the missed calls already received. */
  void listen(MissedCall.Listener listener) {
    List<MissedCall> before;
    synchronized (kept) {
      listeners.add(listener);
      before = new ArrayList<>(kept.values());
      before.addAll(keptRefused.values());
    }
    for (MissedCall m : before) {
      thread.dispatch(() -> listener.onMissedCall(m));
    }
  }

  /** Notes dropped as too old or dated ahead (replays). */
  long dropped() {
    return dropped;
  }

  /**
   * Leaves the callee of our outgoing {@code call} a note dated now by the phone's clock;
   * IllegalArgumentException: incoming.
   */
  CompletableFuture<Integer> leave(
      OverlayClient overlay, Call call, String text, List<byte[]> voice) {
    if (call.direction() != CallDirection.OUTGOING) {
      throw new IllegalArgumentException("a note is left by the caller");
    }
    return leave(overlay, call.peer(), call.id(), wallMillis.getAsLong(), text, voice);
  }

  /**
   * Leaves a note for {@code callee} about call {@code callId} (placed at {@code timeMillis}):
   * completes with how many nodes hold it.
   */
  static CompletableFuture<Integer> leave(
      OverlayClient overlay,
      PeerId callee,
      CallId callId,
      long timeMillis,
      String text,
      List<byte[]> voice) {
    CallMessage.MissedCall note = new CallMessage.MissedCall(callId, 0, timeMillis, text, voice);
    return overlay.hold(callee, CallMessages.encode(note));
  }
}
