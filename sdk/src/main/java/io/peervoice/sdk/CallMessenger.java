package io.peervoice.sdk;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.DeliveryTiming;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallMessages;
import io.peervoice.signaling.call.CallProtocolException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a phone's call messages over the overlay: hands each incoming one to its call or, for a
 * new INVITE, to the invite handler (dropping and counting the rest), and sends ours, tracking them
 * until delivered and reporting undeliverable ones to their call.
 */
final class CallMessenger {
  private static final Logger log = LoggerFactory.getLogger(Phone.class);

  private final OverlayClient overlay;
  private final Map<CallId, Call> calls;
  private final IncomingInvites invites;
  private final PhoneProbes probes; // S6 presence
  private final SignalingThread thread;
  private final PhoneNotes notes;
  private final AtomicLong dropped = new AtomicLong();
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

  CallMessenger(
      OverlayClient overlay,
      Map<CallId, Call> calls,
      IncomingInvites invites,
      PhoneProbes probes,
      SignalingThread thread,
      PhoneNotes notes) {
    this.notes = notes;
    this.overlay = overlay;
    this.calls = calls;
    this.invites = invites;
    this.probes = probes;
    this.thread = thread;
  }

  /** Call messages dropped: undecodable, for unknown calls, or from the wrong peer. */
  long dropped() {
    return dropped.get();
  }

  /** A message from {@code from}; on the signaling thread. */
  void received(PublicIdentity from, byte[] payload) {
    CallMessage m;
    long device;
    try {
      CallMessages.Tagged tagged = CallMessages.decodeTagged(payload);
      m = tagged.message();
      device = tagged.device();
    } catch (CallProtocolException e) {
      dropped.incrementAndGet();
      log.debug(
          "dropped a call message from {}: {}", from.peerId(), LogText.escape(e.getMessage()));
      return;
    }
    if (m instanceof CallMessage.MissedCall missed) {
      notes.received(from.peerId(), missed); // S6 missed: a note a node held for us
      return;
    }
    if (m instanceof CallMessage.PresenceProbe || m instanceof CallMessage.PresenceAnswer) {
      if (!probes.received(from.peerId(), m)) { // S6 presence: no call's, whatever its id
        dropped.incrementAndGet();
      }
      return;
    }
    Call call = calls.get(m.callId());
    if (call != null) {
      if (call.peer().equals(from.peerId())) {
        thread.guarded(call, () -> call.received(m, device));
      } else {
        dropped.incrementAndGet();
      }
    } else if (m instanceof CallMessage.Invite invite) {
      invites.received(from.peerId(), invite);
    } else if (m instanceof CallMessage.WebOffer offer) {
      invites.receivedWeb(from.peerId(), offer); // S6 wrtcj
    } else if (m instanceof CallMessage.Cancel cancel
        && probes.quiet().cancelled(from.peerId(), cancel)) {
      return; // S8 tel: the caller of a call do not disturb holds cancelled it
    } else if (m instanceof CallMessage.Hangup hangup
        && probes.quiet().hungUp(from.peerId(), hangup)) {
      return; // S8 review: or hung up (its call ended early)
    } else {
      dropped.incrementAndGet();
    }
  }

  /**
   * Starts looking {@code peer} up for a call message about to be sent to it (an invite once its
   * media and keys are made, a RINGING once its call is made), so that the lookup overlaps that
   * work ({@link OverlayClient#lookAhead}).
   */
  void lookAhead(PeerId peer) {
    overlay.lookAhead(peer);
  }

  /** Sends {@code m} for {@code call} (null: none), naming this device on a callee's side. */
  void send(PeerId to, CallMessage m, Call call) {
    boolean callee = call == null || call.direction() == CallDirection.INCOMING;
    send(to, m, callee ? overlay.deviceId() : 0, call);
  }

  /** Sends {@code m} naming callee device {@code device} (0: none). */
  void send(PeerId to, CallMessage m, long device, Call call) {
    long sentNanos = System.nanoTime();
    CompletableFuture<DeliveryTiming> sending =
        overlay.sendTimed(to, CallMessages.encode(m, device));
    inFlight.add(sending);
    sending.whenComplete(
        (timing, error) -> {
          inFlight.remove(sending);
          if (error == null && call != null && m instanceof CallMessage.Invite) {
            call.inviteDelivered(sentNanos, timing);
          }
          if (error != null && call != null) {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            DeliveryException.Reason reason =
                cause instanceof DeliveryException d ? d.reason() : null;
            String detail = String.valueOf(cause == null ? null : cause.getMessage());
            thread.later(call, () -> call.undeliverable(m, reason, detail));
          }
        });
  }

  /** Waits up to a second for the messages under way to be delivered. */
  void awaitDelivery() {
    try {
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.debug("closing with call messages undelivered: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
