package io.peervoice.sdk;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceRole;
import io.peervoice.sdk.internal.MediaDescription;
import io.peervoice.sdk.internal.Switchable;
import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallKeys;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.util.List;
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
  private final CallListener listener;
  private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
  private final CompletableFuture<Void> mediaStarted = new CompletableFuture<>();
  private final long createdNanos = System.nanoTime();
  private volatile CallState state;
  private volatile boolean muted;
  private volatile boolean held;
  private volatile long ringingNanos = -1;
  private volatile long answeredNanos = -1;
  private volatile long endedNanos = -1;
  private CallFlow flow;
  private MediaSession media;
  private Switchable source;
  private AudioSink sink;
  private CallKeys keys;
  private CallMessage.Invite invite;
  private byte[] ownDescription;
  private CallIce ice;
  private boolean keysReady;
  private volatile MediaSessionStats finalMedia;
  private IceRestarts restarts;
  private final CallSupervisor supervisor;
  private volatile EndReason remoteReason;

  Call(Phone phone, CallId id, PeerId peer, CallDirection direction) {
    this.phone = phone;
    this.id = id;
    this.peer = peer;
    this.direction = direction;
    CallListener made;
    try {
      made = phone.config().listeners().apply(this);
    } catch (RuntimeException e) {
      log.warn("listener factory failed; using none", e);
      made = null;
    }
    this.listener = made != null ? made : new CallListener() {};
    this.supervisor = new CallSupervisor(phone, this, () -> flow);
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
    return ended;
  }

  /**
   * Why the peer ended the call, when it did ({@link EndReason#REMOTE_HANGUP}): {@link
   * EndReason#LOCAL_HANGUP} for its user's hang-up (or a phone too old to say), else {@link
   * EndReason#DEVICE_FAILED}, {@link EndReason#NO_AUDIO}, {@link EndReason#PEER_VANISHED}, {@link
   * EndReason#MEDIA_FAILED} or {@link EndReason#ERROR} as the peer reported it. Empty otherwise.
   */
  public Optional<EndReason> remoteReason() {
    return Optional.ofNullable(remoteReason);
  }

  /** Completes when the first audio from the peer has been decoded. */
  public CompletableFuture<Void> mediaStarted() {
    return mediaStarted;
  }

  /**
   * Answers a ringing incoming call; media starts as soon as ICE has a path (at once for a contact,
   * whose ICE ran while ringing; after gathering and checks for a stranger).
   *
   * @throws IllegalStateException unless this is a ringing incoming call
   */
  public void answer() {
    phone.onSignaling(
        () -> {
          if (direction != CallDirection.INCOMING || state != CallState.RINGING) {
            throw new IllegalStateException(
                "only a ringing incoming call can be answered; this one is " + state);
          }
          phone.guarded(this, this::doAnswer);
          return null;
        });
  }

  /** Declines a ringing incoming call. */
  public void decline() {
    phone.onSignaling(
        () -> {
          flow.decline();
          return null;
        });
  }

  /** Ends the call in any state: cancels, declines or hangs up. */
  public void hangup() {
    phone.onSignaling(
        () -> {
          flow.hangup();
          return null;
        });
  }

  /** Puts an active call on hold: we stop sending audio and tell the peer. */
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
          if (source != null) {
            source.silence(held || muted);
          }
          return null;
        });
  }

  /** Mutes or unmutes our microphone (silence is sent; the peer is not told). */
  public void mute(boolean on) {
    muted = on;
    Switchable s = source;
    if (s != null) {
      s.silence(held || muted);
    }
  }

  /**
   * Sends DTMF digits (RFC 4733).
   *
   * @throws IllegalStateException before media runs
   * @throws IllegalArgumentException for a character that is not a DTMF digit
   */
  public void sendDtmf(String digits) {
    MediaSession m = phone.onSignaling(() -> media);
    if (m == null || m.state() != MediaSession.State.ACTIVE) {
      throw new IllegalStateException("DTMF needs an active call; this one is " + state);
    }
    m.sendDtmf(digits);
  }

  /** A snapshot of the call. */
  public CallStats stats() {
    MediaSession m = state == CallState.ENDED ? null : phone.onSignaling(() -> media);
    Optional<MediaSessionStats> mediaStats = Optional.ofNullable(finalMedia);
    if (m != null && m.state() == MediaSession.State.ACTIVE) {
      mediaStats = Optional.of(m.stats());
    }
    long answered = answeredNanos;
    long firstAudio = mediaStats.map(MediaSessionStats::firstAudioNanos).orElse(0L);
    return new CallStats(
        state,
        ringingNanos < 0 || direction == CallDirection.INCOMING
            ? -1
            : (ringingNanos - createdNanos) / 1_000_000,
        answered < 0 || firstAudio <= 0 ? -1 : Math.max(0, (firstAudio - answered) / 1_000_000),
        answered < 0
            ? 0
            : ((endedNanos > 0 ? endedNanos : System.nanoTime()) - answered) / 1_000_000,
        held,
        muted,
        mediaStats,
        restarts == null ? 0 : restarts.completed(),
        remoteReason(),
        supervisor.silenceMillis(mediaStats, endedNanos));
  }

  @Override
  public String toString() {
    return "Call[" + id + " " + direction + " " + peer + " " + state + "]";
  }

  // ---- on the signaling thread ----

  void dial() {
    try {
      media = MediaSession.create(phone.mediaConfig(), IceRole.CONTROLLING);
    } catch (CallFailedException e) {
      log.warn("call {} could not start: {}", id, LogText.escape(e.userMessage()));
      failEarly(EndReason.MEDIA_FAILED);
      return;
    }
    keys = CallKeys.generate(phone.random());
    ownDescription = description();
    CallMessage.Invite inv =
        new CallMessage.Invite(
            id,
            0,
            peer.bytes(),
            System.currentTimeMillis(),
            keys.share(),
            phone.config().srtpProfiles().stream().map(Enum::name).toList(),
            ownDescription);
    this.invite = inv;
    ice = new CallIce(phone, this, true);
    flow = CallFlow.dial(inv, port(), phone.timers(this), phone.config().timeouts());
    watchMedia();
    ice.start(media, flow);
  }

  /**
   * An admitted invite rings. A contact gets our description and ICE checks at once; a stranger
   * gets relayed candidates only (with TURN configured, and no checks until we answer) or an empty
   * description, and no ICE agent, socket or datagram until we answer.
   */
  void ring(CallMessage.Invite inv, boolean contact) {
    this.invite = inv;
    boolean alone =
        phone.devices() <= 1; // with other devices ringing too, ICE waits for the answer
    contact &= alone;
    MediaSessionConfig early =
        contact ? phone.mediaConfig() : alone ? phone.relayOnlyMediaConfig() : null;
    if (early != null) {
      try {
        media = MediaSession.create(early, IceRole.CONTROLLED);
      } catch (CallFailedException e) {
        log.warn("incoming call {} could not start: {}", id, LogText.escape(e.userMessage()));
        failEarly(EndReason.MEDIA_FAILED);
        phone.send(peer, new CallMessage.Cancel(id, 0, EndReason.MEDIA_FAILED), null);
        return;
      }
    }
    keys = CallKeys.generate(phone.random());
    ownDescription = media == null ? new byte[0] : description();
    ice = new CallIce(phone, this, false);
    flow =
        CallFlow.ring(
            inv,
            ownDescription,
            port(),
            phone.timers(this),
            phone.config().timeouts(),
            phone.deviceId());
    if (media != null) {
      watchMedia();
      ice.start(media, flow);
      if (contact) {
        ice.connect(inv.offer(), this::maybeStartMedia);
      }
    }
  }

  private void failEarly(EndReason reason) {
    state = CallState.ENDED;
    phone.ended(this);
    phone.dispatch(() -> listener.onEnded(this, reason));
    ended.complete(reason);
    mediaStarted.completeExceptionally(
        new IllegalStateException("the call ended before media started: " + reason));
  }

  /**
   * A task of this call on the signaling thread threw: logs it with the call id and ends the call
   * with {@link EndReason#ERROR}, telling the peer.
   */
  void failed(Throwable error) {
    log.warn("call {}: signaling task failed, ending the call: {}", id, LogText.escape(error));
    log.debug("call {}: signaling task failure", id, error);
    if (state == CallState.ENDED) {
      return;
    }
    try {
      if (flow != null) {
        flow.fail();
        return;
      }
      if (direction == CallDirection.INCOMING) {
        phone.send(peer, new CallMessage.Cancel(id, 0, EndReason.ERROR), null);
      }
    } catch (RuntimeException again) {
      log.warn("call {}: could not tell the peer: {}", id, LogText.escape(again));
    }
    if (state != CallState.ENDED) {
      finish(EndReason.ERROR);
    }
  }

  private byte[] description() {
    SessionDescription d = media.localDescription();
    return new MediaDescription(d.ice(), d.ssrc(), d.payloadType(), d.dtmfPayloadType()).encode();
  }

  private void watchMedia() {
    restarts =
        new IceRestarts(
            phone,
            this,
            direction == CallDirection.OUTGOING,
            media,
            () -> flow,
            () -> state == CallState.ACTIVE);
    media.onRestartNeeded(reason -> phone.later(this, () -> restarts.begin(reason)));
    media.onDtmf(d -> phone.dispatch(() -> listener.onDtmf(this, d.digit())));
    media.onPathStateChange(supervisor::pathState);
  }

  private void doAnswer() {
    if (media == null) {
      try {
        media = MediaSession.create(phone.mediaConfig(), IceRole.CONTROLLED);
      } catch (CallFailedException e) {
        log.warn("call {} could not start media: {}", id, LogText.escape(e.userMessage()));
        flow.mediaFailed();
        return;
      }
      ownDescription = description();
      watchMedia();
      ice.start(media, flow);
    }
    SrtpProfile profile =
        CallSrtp.choose(invite.profiles(), phone.config().srtpProfiles())
            .orElseThrow(() -> new IllegalStateException("no common SRTP profile"));
    CallSrtp.Keys k =
        CallSrtp.callee(keys, invite, id, peer, phone.identity().peerId(), ownDescription, profile);
    media.useKeys(k.send(), k.receive());
    answeredNanos = System.nanoTime();
    keysReady = true;
    flow.answer(keys.share(), profile.name(), ownDescription);
    ice.connect(invite.offer(), this::maybeStartMedia);
    maybeStartMedia();
  }

  private void answered(CallMessage.Answer a) {
    SrtpProfile profile =
        CallSrtp.accepted(a.profile(), phone.config().srtpProfiles()).orElse(null);
    if (profile == null) {
      log.warn(
          "call {}: the answer chose an SRTP profile we did not offer: {}",
          id,
          LogText.escape(a.profile()));
      flow.mediaFailed();
      return;
    }
    CallSrtp.Keys k;
    try {
      k = CallSrtp.caller(keys, a, id, phone.identity().peerId(), peer, ownDescription, profile);
    } catch (IllegalArgumentException e) {
      log.warn("call {}: bad key share in the answer: {}", id, LogText.escape(e.getMessage()));
      flow.mediaFailed();
      return;
    }
    media.useKeys(k.send(), k.receive());
    answeredNanos = System.nanoTime();
    keysReady = true;
    ice.connect(a.answer(), this::maybeStartMedia);
    maybeStartMedia();
  }

  private void maybeStartMedia() {
    if (!keysReady
        || media == null
        || !ice.connected()
        || state == CallState.ENDED
        || media.state() != MediaSession.State.CONNECTED) {
      return;
    }
    try {
      source = new Switchable(supervisor.devices().source(phone.config().source().apply(this)));
      sink = supervisor.devices().sink(phone.config().sink().apply(this));
    } catch (RuntimeException e) {
      supervisor.deviceFailedToOpen(e);
      return;
    }
    source.silence(held || muted);
    try {
      media.startMedia(source, sink);
    } catch (CallFailedException e) {
      log.warn("call {}: {}", id, e.userMessage());
      flow.mediaFailed();
      return;
    }
    supervisor.mediaStarted(media);
    awaitFirstAudio(0);
  }

  private void awaitFirstAudio(int tries) {
    if (state == CallState.ENDED) {
      return;
    }
    if (media.stats().firstAudioNanos() > 0) {
      mediaStarted.complete(null);
      phone.dispatch(() -> listener.onMediaStarted(this));
    } else if (tries < 1_000) {
      phone.later(this, 5, () -> awaitFirstAudio(tries + 1));
    }
  }

  void networkChanged() {
    if (media != null && state == CallState.ACTIVE) {
      media.networkChanged();
    }
  }

  void received(CallMessage m, long device) {
    flow.received(m, device);
  }

  void lostGlare() {
    flow.abort(EndReason.GLARE);
  }

  void undeliverable(CallMessage m, DeliveryException.Reason reason) {
    log.warn("call {}: {} could not be delivered ({})", id, m.getClass().getSimpleName(), reason);
    if (m instanceof CallMessage.Invite || m instanceof CallMessage.Answer) {
      flow.abort(EndReason.UNREACHABLE);
    } else if (m instanceof CallMessage.Restart) {
      supervisor.restartUndeliverable(reason);
    }
  }

  /**
   * The phone closes: ends the call, telling the peer. A call ringing here while other devices of
   * our identity are online is left to them (a CANCEL({@link EndReason#CLOSED}), which the caller
   * ignores while another device rings), not declined for all.
   */
  void hangupForClose() {
    if (flow != null && state != CallState.ENDED) {
      if (direction == CallDirection.INCOMING
          && state == CallState.RINGING
          && phone.devices() > 1) {
        flow.leave();
      } else {
        flow.hangup();
      }
    }
  }

  private CallFlow.Port port() {
    return new CallFlow.Port() {
      @Override
      public void send(CallMessage message) {
        phone.send(peer, message, Call.this);
      }

      @Override
      public void send(CallMessage message, long device) {
        phone.send(peer, message, device, Call.this);
      }

      @Override
      public void stateChanged(CallState next, EndReason reason) {
        state = next;
        switch (next) {
          case RINGING -> {
            if (direction == CallDirection.OUTGOING) {
              ringingNanos = System.nanoTime();
              ice.release();
            }
            phone.dispatch(() -> listener.onRinging(Call.this));
          }
          case ACTIVE -> phone.dispatch(() -> listener.onAnswered(Call.this));
          case ENDED -> finish(reason);
          default -> {}
        }
      }

      @Override
      public void ringing(CallMessage.Ringing ringing) {
        ice.connect(ringing.description(), Call.this::maybeStartMedia);
      }

      @Override
      public void answered(CallMessage.Answer answer) {
        Call.this.answered(answer);
      }

      @Override
      public void remoteCandidates(List<String> candidates, boolean end) {
        ice.addRemote(candidates);
      }

      @Override
      public void remoteRestart(CallMessage.Restart restart) {
        restarts.remote(restart);
      }

      @Override
      public void remoteHold(boolean on) {
        phone.dispatch(() -> listener.onRemoteHold(Call.this, on));
      }
    };
  }

  private void finish(EndReason reason) {
    endedNanos = System.nanoTime();
    remoteReason = flow == null ? null : flow.remoteReason().orElse(null);
    if (media != null) {
      if (media.state() == MediaSession.State.ACTIVE) {
        finalMedia = media.stats();
      }
      media.close();
    }
    phone.ended(this);
    phone.dispatch(() -> listener.onEnded(this, reason));
    ended.complete(reason);
    mediaStarted.completeExceptionally(
        new IllegalStateException("the call ended before media started: " + reason));
  }
}
