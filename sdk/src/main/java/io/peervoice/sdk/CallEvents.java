package io.peervoice.sdk;

import io.peervoice.signaling.call.EndReason;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the application what happens to one call: its {@link CallListener}'s callbacks and its
 * {@link Call#ended()} and {@link Call#mediaStarted()} futures, all on the phone's listener
 * executor.
 */
final class CallEvents {
  private static final Logger log = LoggerFactory.getLogger(Call.class);

  private final Phone phone;
  private final Call call;
  private final CallListener listener;
  private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
  private final CompletableFuture<Void> mediaStarted = new CompletableFuture<>();
  private volatile java.util.List<Conference.Member> conference = java.util.List.of();
  private long conferenceEpoch = -1;

  /** Makes the call's listener with the phone's factory (none if that fails). */
  CallEvents(Phone phone, Call call) {
    this.phone = phone;
    this.call = call;
    CallListener made;
    try {
      made = phone.config().listeners().apply(call);
    } catch (RuntimeException e) {
      log.warn("listener factory failed; using none", e);
      made = null;
    }
    this.listener = made != null ? made : new CallListener() {};
  }

  CompletableFuture<EndReason> ended() {
    return ended;
  }

  CompletableFuture<Void> mediaStarted() {
    return mediaStarted;
  }

  void ringing() {
    phone.thread().dispatch(() -> listener.onRinging(call));
  }

  void answered() {
    phone.thread().dispatch(() -> listener.onAnswered(call));
  }

  /** S5 xfer: the peer asked us to call {@code target}; what we answered (S12: and why). */
  void transferRequested(
      io.peervoice.signaling.PeerId target, CallListener.TransferDecision decision) {
    phone.thread().dispatch(() -> listener.onTransferRequested(call, target, decision));
  }

  /** S5 xfer: how a transfer we asked for goes. */
  void transferOutcome(io.peervoice.signaling.call.TransferResult result) {
    phone.thread().dispatch(() -> listener.onTransferOutcome(call, result));
  }

  void remoteHold(boolean on) {
    phone.thread().dispatch(() -> listener.onRemoteHold(call, on));
  }

  void dtmf(char digit) {
    phone.thread().dispatch(() -> listener.onDtmf(call, digit));
  }

  java.util.List<Conference.Member> conference() {
    return conference;
  }

  /**
   * The peer's conference state (on the signaling thread): a newer one replaces the roster. Taken
   * only if its epoch is higher than the last (the host's epochs never go backwards on a call,
   * across conferences), the peer is the one host it lists and we are listed (the empty dissolve
   * roster aside), and this call is not a leg of a conference this phone hosts; false otherwise.
   */
  boolean conference(io.peervoice.signaling.call.CallMessage.Conference state) {
    LegAudio audio = call.audio();
    if (state.epoch() <= conferenceEpoch
        || audio != null && audio.conference() != null
        || !ConferenceRoster.plausible(state.members(), call.peer(), phone.id())) {
      return false; // reordered, ours to host, or not the host's claim
    }
    conferenceEpoch = state.epoch();
    java.util.List<Conference.Member> members = ConferenceRoster.fromWire(state.members());
    conference = members;
    phone.thread().dispatch(() -> listener.onConference(call, members));
    return true;
  }

  /** The first audio from the peer played. */
  void firstAudio() {
    phone.thread().settle(() -> mediaStarted.complete(null));
    phone.thread().dispatch(() -> listener.onMediaStarted(call));
  }

  /** The call ended: the listener hears why, then both futures settle. */
  void ended(EndReason reason) {
    phone.thread().dispatch(() -> listener.onEnded(call, reason));
    phone
        .thread()
        .settle(
            () -> {
              ended.complete(reason);
              mediaStarted.completeExceptionally(
                  new IllegalStateException("the call ended before media started: " + reason));
            });
  }
}
