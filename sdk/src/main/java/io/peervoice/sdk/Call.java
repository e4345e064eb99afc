package io.peervoice.sdk;

import io.peervoice.session.CallFailedException;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.DeliveryTiming;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallFlowPort;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.TransferResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call, incoming or outgoing. Its signaling runs on the phone's signaling thread; the methods
 * here hand work to it and return when it is done.
 */
public final class Call {
  private static final Logger log = LoggerFactory.getLogger(Call.class);

  private final Phone phone;
  private final CallId id;
  private final PeerId peer;
  private final CallDirection direction;
  private final CallEvents events;
  private final CallTimeline timeline = new CallTimeline();
  private volatile CallState state;
  private volatile boolean muted;
  private volatile boolean held;
  private CallFlow flow;
  private volatile MediaSessionStats finalMedia;
  private final CallSupervisor supervisor;
  private final CallMediaSetup setup;
  private volatile EndReason remoteReason;
  private final CallProfile profile; // S6 wrtcj
  private boolean finished; // on the signaling thread

  Call(Phone phone, CallId id, PeerId peer, CallDirection direction, CallProfile profile) {
    this.phone = phone;
    this.profile = profile;
    this.id = id;
    this.peer = peer;
    this.direction = direction;
    this.events = new CallEvents(phone, this);
    this.supervisor = new CallSupervisor(phone, this, () -> flow);
    this.setup = new CallMediaSetup(phone, this, () -> flow, supervisor, timeline, events);
  }

  public CallId id() {
    return id;
  }

  /** The other phone. */
  public PeerId peer() {
    return peer;
  }

  public CallDirection direction() {
    return direction;
  }

  public CallState state() {
    return state;
  }

  /** Completes with the reason once the call ends. */
  public CompletableFuture<EndReason> ended() {
    return events.ended();
  }

  /**
   * Why the peer ended the call ({@link EndReason#REMOTE_HANGUP}), as it said ({@code LOCAL_HANGUP}
   * for its user's hang-up or a phone too old to say; {@code docs/calls.md}); else empty.
   */
  public Optional<EndReason> remoteReason() {
    return Optional.ofNullable(remoteReason);
  }

  /** Completes when the first audio from the peer has played; exceptionally if it ends before. */
  public CompletableFuture<Void> mediaStarted() {
    return events.mediaStarted();
  }

  /** Answers a ringing incoming call (else {@link IllegalStateException}); media follows ICE. */
  public void answer() {
    phone.onSignaling(
        () -> {
          if (direction != CallDirection.INCOMING || state != CallState.RINGING) {
            throw new IllegalStateException(
                "only a ringing incoming call can be answered; this one is " + state);
          }
          phone.thread().guarded(this, setup::answer);
          return null;
        });
  }

  /** Declines a ringing incoming call. */
  public void decline() {
    phone.thread().run(() -> flow.decline());
  }

  /** Ends the call in any state: cancels, declines or hangs up. */
  public void hangup() {
    phone.thread().run(() -> flow.hangup());
  }

  /** Puts an active call on hold: we send silence instead of the source and tell the peer. */
  public void hold() {
    setHold(true);
  }

  /** Takes the call off hold. */
  public void resume() {
    setHold(false);
  }

  private void setHold(boolean on) {
    phone.onSignaling(
        () -> {
          flow.hold(on);
          held = on;
          setup.silence(held || muted);
          return null;
        });
  }

  /** Mutes or unmutes our microphone (silence is sent; the peer is not told). */
  public void mute(boolean on) {
    muted = on;
    setup.silence(held || muted);
  }

  /** Sends DTMF digits (RFC 4733); {@link IllegalStateException} before media runs. */
  public void sendDtmf(String digits) {
    MediaSession m = phone.onSignaling(setup::media);
    if (m == null || m.state() != MediaSession.State.ACTIVE) {
      throw new IllegalStateException("DTMF needs an active call; this one is " + state);
    }
    m.sendDtmf(digits);
  }

  /** Joins {@code other} into this call's conference, or both into a new {@link Conference}. */
  public Conference merge(Call other) {
    return Conference.merge(phone, this, other);
  }

  /**
   * S5 xfer, blind transfer ({@code docs/transfer.md}): asks the peer to call {@code target}; once
   * the target rings this call ends ({@link EndReason#TRANSFERRED}). A refusal or failure leaves it
   * up. Completes with the outcome; {@link CallListener#onTransferOutcome} hears each step.
   */
  public CompletableFuture<TransferResult> transfer(PeerId target) {
    return phone.onSignaling(() -> phone.transfers.blind(this, target));
  }

  /** S5 xfer, attended: the peer calls {@code consultation}'s peer, replacing that call. */
  public CompletableFuture<TransferResult> transferTo(Call consultation) {
    return phone.onSignaling(() -> phone.transfers.attended(this, consultation));
  }

  /**
   * Who is in the conference the peer hosts and holds this call in; empty if none. The host's
   * claim: only states naming the peer the one host and listing us count, newest first.
   */
  public java.util.List<Conference.Member> conference() {
    return events.conference();
  }

  /** A snapshot of the call. */
  public CallStats stats() {
    MediaSession m = state == CallState.ENDED ? null : phone.onSignaling(setup::media);
    Optional<MediaSessionStats> mediaStats =
        m != null && m.state() == MediaSession.State.ACTIVE
            ? Optional.of(m.stats())
            : Optional.ofNullable(finalMedia);
    return timeline.stats(
        state,
        direction,
        held,
        muted,
        mediaStats,
        setup.restartsCompleted(),
        remoteReason(),
        supervisor,
        setup.processingStats());
  }

  /** An invite of ours sent at {@code sentNanos} was delivered: where its time went. */
  void inviteDelivered(long sentNanos, DeliveryTiming timing) {
    timeline.inviteDelivered(sentNanos, timing);
  }

  @Override
  public String toString() {
    return "Call[" + id + " " + direction + " " + peer + " " + state + "]";
  }

  // ---- on the signaling thread ----

  void dial() {
    CallMessage inv;
    try {
      inv = profile == CallProfile.WEBRTC ? setup.dialWeb() : setup.dial();
    } catch (CallFailedException e) {
      log.warn("call {} could not start: {}", id, LogText.escape(e.userMessage()));
      failEarly(EndReason.MEDIA_FAILED);
      return;
    }
    flow =
        CallFlow.dial(
            inv,
            port(),
            phone.thread().timers(this),
            PhoneConfigChecks.flowTimeouts(phone.config()));
    setup.started(false);
  }

  /**
   * An admitted invite rings: a contact gets our description and checks at once, a stranger relayed
   * candidates only or an empty description, and no agent, socket or datagram until we answer.
   */
  void ring(CallMessage.Invite inv, boolean contact) {
    boolean alone =
        phone.devices() <= 1; // with other devices ringing too, ICE waits for the answer
    contact &= alone;
    MediaSessionConfig early =
        contact ? phone.media().settings() : alone ? phone.media().relayOnlySettings() : null;
    try {
      setup.ring(inv, early);
    } catch (CallFailedException e) {
      log.warn("incoming call {} could not start: {}", id, LogText.escape(e.userMessage()));
      failEarly(EndReason.MEDIA_FAILED);
      phone.send(peer, new CallMessage.Cancel(id, 0, EndReason.MEDIA_FAILED), null);
      return;
    }
    ringing(inv, contact);
  }

  /** S6 wrtcj: a checked, admitted WebRTC offer rings (no ICE before the answer). */
  void ringWeb(CallMessage.WebOffer offer, WebCallMedia offered) {
    setup.ringWeb(offered);
    ringing(offer, false);
  }

  private void ringing(CallMessage offer, boolean contact) {
    var timeouts = PhoneConfigChecks.flowTimeouts(phone.config());
    flow =
        CallFlow.ring(
            offer,
            setup.ownDescription(),
            port(),
            phone.thread().timers(this),
            timeouts,
            phone.deviceId());
    setup.started(contact);
  }

  /** S6 wrtcj: whether this is a WebRTC call (SDP, DTLS-SRTP keys); an incoming one: its offer. */
  public boolean webRtc() {
    return profile == CallProfile.WEBRTC;
  }

  private void failEarly(EndReason reason) {
    state = CallState.ENDED;
    finish(reason);
  }

  /** A task of this call on the signaling thread threw ({@link CallFaults#failed}). */
  void failed(Throwable error) {
    CallFaults.failed(phone, this, error);
  }

  CallEvents events() {
    return events;
  }

  LegAudio audio() {
    return setup.audio();
  }

  CallFlow flow() {
    return flow;
  }

  /** Whether our audio is replaced by silence (held or muted). */
  boolean silent() {
    return held || muted;
  }

  /** The flow moved to {@code next}. */
  void enter(CallState next) {
    state = next;
  }

  void networkChanged() {
    setup.networkChanged();
  }

  void received(CallMessage m, long device) {
    flow.received(m, device);
  }

  void lostGlare() {
    flow.abort(EndReason.GLARE);
  }

  void undeliverable(CallMessage m, DeliveryException.Reason reason, String detail) {
    CallFaults.undeliverable(this, supervisor, m, reason, detail);
  }

  /** The phone closes: ends the call, telling the peer ({@link CallSupervisor#hangupForClose}). */
  void hangupForClose() {
    supervisor.hangupForClose();
  }

  private CallFlowPort port() {
    return new CallPort(phone, this, setup, timeline, events);
  }

  /**
   * The call ended: closes its media and tells the phone, the listener and the futures, once. A
   * failure to close the media is logged and does not keep the ended call in the phone.
   */
  void finish(EndReason reason) {
    if (finished) {
      return;
    }
    finished = true;
    timeline.ended();
    remoteReason = flow == null ? null : flow.remoteReason().orElse(null);
    MediaSessionStats last = CallFaults.closeMedia(this, setup::close);
    if (last != null) {
      finalMedia = last;
    }
    phone.ended(this);
    events.ended(reason);
  }
}
