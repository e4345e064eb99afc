package io.peervoice.sdk;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.Presence;
import io.peervoice.signaling.call.PresenceDesk;
import io.peervoice.signaling.call.PresencePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S6 presence: a phone's presence probes ({@code docs/presence.md}). As the asker it sends a
 * PRESENCE_PROBE and waits for the answer up to {@link PhoneConfig#probeTimeout()} (then {@link
 * Presence.Status#UNKNOWN}), at most {@link #MAX_PENDING} at once. As the one asked it answers only
 * what its {@link PresenceDesk} allows, with its do-not-disturb state, and otherwise says nothing.
 * Keeps the do-not-disturb state, the presence policy (S7 tel: settable at run time) and how calls
 * are turned away ({@link QuietAnswers}). Runs on the phone's signaling thread; the futures
 * complete on the listener executor, as a call's do ({@code CallEvents}), so that what the
 * application chains on them never runs on (or blocks) the signaling thread.
 */
final class PhoneProbes {
  private static final Logger log = LoggerFactory.getLogger(Phone.class);

  /** The most probes of ours waiting for an answer at once. */
  static final int MAX_PENDING = 64;

  private record Pending(PeerId peer, long sentNanos, CompletableFuture<Presence> result) {}

  private final Phone phone;
  private final PresenceDesk desk;
  private final Map<CallId, Pending> pending = new HashMap<>();
  private volatile boolean doNotDisturb;
  private volatile PresencePolicy policy; // S7 tel: set at run time too
  private final QuietAnswers quiet; // S7 tel

  PhoneProbes(Phone phone, PhoneNotes notes) {
    this.phone = phone;
    this.quiet =
        new QuietAnswers(
            (to, m) -> phone.send(to, m, null),
            (millis, task) -> phone.thread().after(millis, task),
            notes::refused,
            phone::devices,
            phone.wallMillis,
            phone.config().inviteTimeout().plus(phone.config().ringTimeout()).toMillis());
    this.desk = new PresenceDesk(phone.id(), System::nanoTime);
    this.doNotDisturb = phone.config().doNotDisturb();
    this.policy = phone.config().presence();
  }

  /** S7 tel: how do not disturb answers the calls it turns away. */
  QuietAnswers quiet() {
    return quiet;
  }

  PresencePolicy policy() {
    return policy;
  }

  void policy(PresencePolicy value) {
    policy = java.util.Objects.requireNonNull(value, "policy");
  }

  boolean doNotDisturb() {
    return doNotDisturb;
  }

  void doNotDisturb(boolean on) {
    doNotDisturb = on;
  }

  /** Probes {@code peer} (on the signaling thread). */
  CompletableFuture<Presence> probe(PeerId peer) {
    if (peer.equals(phone.id())) {
      throw new IllegalArgumentException("a phone cannot probe itself");
    }
    CompletableFuture<Presence> result = new CompletableFuture<>();
    if (pending.size() >= MAX_PENDING) { // failed before it is returned: nothing chained yet
      result.completeExceptionally(
          new PhoneException(MAX_PENDING + " presence probes are waiting already; try later"));
      return result;
    }
    CallId id = CallId.random(phone.random());
    pending.put(id, new Pending(peer, System.nanoTime(), result));
    // a probe that cannot be delivered (peer offline) is not told apart: it times out as UNKNOWN
    phone.send(peer, new CallMessage.PresenceProbe(id, 0, peer.bytes(), now()), 0, null);
    phone.thread().after(phone.config().probeTimeout().toMillis(), () -> timedOut(id));
    return result;
  }

  private void timedOut(CallId id) {
    Pending p = pending.remove(id);
    if (p != null) {
      complete(p, Presence.Status.UNKNOWN);
    }
  }

  private void complete(Pending p, Presence.Status status) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - p.sentNanos());
    phone.thread().settle(() -> p.result().complete(new Presence(p.peer(), status, elapsed)));
  }

  /** A presence message from {@code from}; false if it was dropped. */
  boolean received(PeerId from, CallMessage m) {
    if (m instanceof CallMessage.PresenceProbe probe) {
      PresenceDesk.Verdict v =
          desk.decide(from, probe, now(), policy, phone.config().contacts().contains(from));
      if (v != PresenceDesk.Verdict.ANSWER) {
        log.debug("presence probe from {} not answered: {}", from, v);
        return v == PresenceDesk.Verdict.NOT_ALLOWED || v == PresenceDesk.Verdict.OVER_RATE;
      }
      phone.send(from, new CallMessage.PresenceAnswer(probe.callId(), 0, doNotDisturb), 0, null);
      return true;
    }
    CallMessage.PresenceAnswer answer = (CallMessage.PresenceAnswer) m;
    Pending p = pending.get(answer.callId());
    if (p == null || !p.peer().equals(from)) {
      return false; // late (another device answered first, or timed out), or not the peer asked
    }
    pending.remove(answer.callId());
    complete(p, answer.doNotDisturb() ? Presence.Status.DO_NOT_DISTURB : Presence.Status.REACHABLE);
    return true;
  }

  /** How many probes got {@code verdict} here. */
  long count(PresenceDesk.Verdict verdict) {
    return phone.onSignaling(() -> desk.count(verdict));
  }

  /** The phone closes: probes still waiting fail. */
  void close() {
    for (Pending p : new ArrayList<>(pending.values())) {
      phone
          .thread()
          .settle(
              () -> p.result().completeExceptionally(new PhoneException("the phone was closed")));
    }
    pending.clear();
  }

  private long now() {
    return phone.wallMillis.getAsLong();
  }
}
