package io.peervoice.sdk;

import io.peervoice.media.processing.ProcessingStats;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceRole;
import io.peervoice.session.AgreedKeying;
import io.peervoice.session.CallFailedException;
import io.peervoice.session.MediaDescription;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.session.SessionDescription;
import io.peervoice.session.SrtpKeying;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallKeys;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one call's media: creates its {@link MediaSession} and ICE with the call's keying strategy
 * (SRTP keys derived from the invite and answer for the session's {@link AgreedKeying}; S6 wrtcj:
 * DTLS-SRTP with a browser, {@link WebCallMedia}), and starts audio once keys and path are ready.
 * On the phone's signaling thread, except {@link #silence(boolean)}.
 */
final class CallMediaSetup {
  private static final Logger log = LoggerFactory.getLogger(Call.class);

  private final Phone phone;
  private final Call call;
  private final Supplier<CallFlow> flow;
  private final CallSupervisor supervisor;
  private final CallTimeline timeline;
  private final CallEvents events;
  private MediaSession media;
  private CallKeys keys;
  private final AgreedKeying agreed = SrtpKeying.agreed();
  private CallMessage.Invite invite;
  private byte[] ownDescription;
  private CallIce ice;
  private IceRestarts restarts;
  private final CallAudioStart audioStart;
  private WebCallMedia web; // S6 wrtcj: a WebRTC call's keying and SDP; null in a PeerVoice call

  CallMediaSetup(
      Phone phone,
      Call call,
      Supplier<CallFlow> flow,
      CallSupervisor supervisor,
      CallTimeline timeline,
      CallEvents events) {
    this.phone = phone;
    this.call = call;
    this.flow = flow;
    this.supervisor = supervisor;
    this.timeline = timeline;
    this.events = events;
    this.audioStart = new CallAudioStart(phone, call, flow, supervisor, events);
  }

  /** The audio processing stage's figures (empty without one); any thread. */
  Optional<ProcessingStats> processingStats() {
    return audioStart.processingStats();
  }

  /** The media session, once made (else null). */
  MediaSession media() {
    return media;
  }

  /** Our description, as offered or answered (empty for a stranger ringing without TURN). */
  byte[] ownDescription() {
    return ownDescription;
  }

  int restartsCompleted() {
    return restarts == null ? 0 : restarts.completed();
  }

  /** Caller: makes the media session, keys and ICE, and returns the invite to send. */
  CallMessage.Invite dial() throws CallFailedException {
    phone.messages.lookAhead(
        call.peer()); // the callee's record is found while media and keys are made
    media = MediaSession.create(phone.media().settings(), IceRole.CONTROLLING, agreed);
    keys = CallKeys.generate(phone.random());
    ownDescription = description();
    invite =
        new CallMessage.Invite(
            call.id(),
            0,
            call.peer().bytes(),
            phone.wallMillis.getAsLong(),
            keys.share(),
            phone.config().srtpProfiles().stream().map(Enum::name).toList(),
            ownDescription,
            phone.transfers.nextToken()); // S5 xfer: an attended transfer's replace token
    ice = new CallIce(phone, call, true);
    return invite;
  }

  /** S6 wrtcj: caller of a browser: media keyed by DTLS-SRTP, and the WEB_OFFER to send. */
  CallMessage.WebOffer dialWeb() throws CallFailedException {
    web = WebCallMedia.offering(phone);
    media = MediaSession.create(phone.media().webSettings(), IceRole.CONTROLLING, web.keying());
    ownDescription = new byte[0];
    ice = new CallIce(phone, call, true);
    return web.offer(call.id(), call.peer(), media);
  }

  /** S6 wrtcj: callee of a WebRTC offer: no media, socket or ICE until the answer. */
  void ringWeb(WebCallMedia offered) {
    web = offered;
    ownDescription = new byte[0];
    ice = new CallIce(phone, call, false);
  }

  /** Callee: keeps the invite and makes keys, ICE and, with {@code early} settings, media. */
  void ring(CallMessage.Invite inv, MediaSessionConfig early) throws CallFailedException {
    this.invite = inv;
    if (early != null) {
      media = phone.media().answers().answering(early, agreed);
    }
    keys = CallKeys.generate(phone.random());
    ownDescription = media == null ? new byte[0] : description();
    ice = new CallIce(phone, call, false);
  }

  /** Once the flow exists: watches the media and starts ICE; a contact's checks begin at once. */
  void started(boolean contact) {
    if (media != null) {
      watchMedia();
      ice.start(media, flow.get());
      if (contact) {
        ice.connect(invite.offer(), this::maybeStartMedia);
      }
    }
  }

  /**
   * Callee answers: media (if not yet made), keys, the ANSWER, then ICE checks. The caller's record
   * is looked up first, so that lookup overlaps making the media session (the one at ringing is too
   * old by now to be shared) instead of holding the ANSWER back by a round trip to the nodes.
   */
  void answer() {
    timeline.answered(); // S19: the user's answer; making the media session counts
    phone.messages.lookAhead(call.peer());
    if (web != null) {
      answerWeb();
      return;
    }
    if (media == null) {
      if (!answerMedia(phone.media().settings(), agreed)) {
        return;
      }
      ownDescription = description();
      watchMedia();
    }
    SrtpProfile profile =
        CallSrtp.choose(invite.profiles(), phone.config().srtpProfiles())
            .orElseThrow(() -> new IllegalStateException("no common SRTP profile"));
    agreed.complete(
        CallSrtp.callee(keys, invite, call.id(), call.peer(), phone.id(), ownDescription, profile));
    flow.get().answer(keys.share(), profile.name(), ownDescription);
    if (!ice.started()) { // S21: a stranger's media, made at the answer: gathering after the ANSWER
      ice.start(media, flow.get());
    }
    ice.connect(invite.offer(), this::maybeStartMedia);
    maybeStartMedia();
  }

  /** Caller: the callee answered; connect, then derive the keys while the checks run. */
  void answered(CallMessage.Answer a) {
    long arrived = System.nanoTime();
    log.debug("call {}: answered", call.id());
    if (!usable(a.answer(), false)) {
      return;
    }
    SrtpProfile profile =
        CallSrtp.accepted(a.profile(), phone.config().srtpProfiles()).orElse(null);
    if (profile == null) {
      log.warn(
          "call {}: the answer chose an SRTP profile we did not offer: {}",
          call.id(),
          LogText.escape(a.profile()));
      flow.get().mediaFailed();
      return;
    }
    timeline.answered(arrived);
    ice.connect(a.answer(), this::maybeStartMedia);
    try {
      agreed.complete(
          CallSrtp.caller(keys, a, call.id(), phone.id(), call.peer(), ownDescription, profile));
    } catch (IllegalArgumentException e) {
      log.warn(
          "call {}: bad key share in the answer: {}", call.id(), LogText.escape(e.getMessage()));
      flow.get().mediaFailed();
      return;
    }
    maybeStartMedia();
  }

  /** Makes the answer's media session; a failure ends the call (MEDIA_FAILED) and gives false. */
  private boolean answerMedia(MediaSessionConfig settings, SrtpKeying keying) {
    try {
      media = phone.media().answers().answering(settings, keying);
      return true;
    } catch (CallFailedException e) {
      log.warn("call {} could not start media: {}", call.id(), LogText.escape(e.userMessage()));
      flow.get().mediaFailed();
      return false;
    }
  }

  private void answerWeb() {
    if (!answerMedia(phone.media().webSettings(), web.keying())) {
      return;
    }
    watchMedia();
    flow.get().answerWeb(web.answer(media));
    // S21: gathering beyond the host candidates starts once the answer is away (it took 4-9 ms of
    // the signalling thread before it); its candidates trickle after the answer either way
    ice.start(media, flow.get());
    ice.connect(web.remoteSession(), this::maybeStartMedia);
  }

  /** S6 wrtcj: caller: the browser's SDP answer; a bad one ends the call REJECTED. */
  void webAnswered(CallMessage.WebAnswer answer) {
    long arrived = System.nanoTime();
    try {
      web.answered(answer.sdp(), media);
    } catch (IllegalArgumentException e) {
      log.warn("call {}: unusable SDP answer: {}", call.id(), LogText.escape(e.getMessage()));
      flow.get().endBecause(EndReason.REJECTED);
      return;
    }
    timeline.answered(arrived);
    ice.connect(web.remoteSession(), this::maybeStartMedia);
  }

  /** Caller: the callee rings with its description. */
  void peerRinging(CallMessage.Ringing ringing) {
    if (usable(ringing.description(), true)) {
      ice.connect(ringing.description(), this::maybeStartMedia);
    }
  }

  /** Caller: the callee rings, so the ICE held back until then may go. */
  void releaseIce() {
    ice.release();
  }

  void remoteCandidates(List<String> candidates) {
    ice.addRemote(candidates);
  }

  void remoteRestart(CallMessage.Restart restart) {
    if (usable(restart.description(), false)) {
      restarts.remote(restart);
    }
  }

  void networkChanged() {
    if (media != null && call.state() == CallState.ACTIVE) {
      media.networkChanged();
    }
  }

  LegAudio audio() {
    return audioStart.audio();
  }

  /** Sends silence instead of our audio, or stops; any thread. */
  void silence(boolean on) {
    audioStart.silence(on);
  }

  /** Closes the media; then (no tick runs any more) its last figures if it was active, or null. */
  MediaSessionStats close() {
    MediaSessionStats last = null;
    if (media != null) {
      boolean active = media.state() == MediaSession.State.ACTIVE;
      media.close();
      if (active) {
        last = media.stats();
      }
    }
    audioStart.close();
    return last;
  }

  /**
   * Whether the peer's media description can be used ({@link DescriptionCheck}); if not, the call
   * ends REJECTED and the peer is told with a HANGUP(REJECTED), so both sides end for the same
   * reason, not ICE stopping silently later.
   */
  private boolean usable(byte[] description, boolean mayBeEmpty) {
    String why = DescriptionCheck.problem(description, mayBeEmpty);
    if (why == null) {
      return true;
    }
    log.warn("call {}: unusable description: {}; ending the call", call.id(), LogText.escape(why));
    flow.get().endBecause(EndReason.REJECTED);
    return false;
  }

  private byte[] description() {
    SessionDescription d = media.localDescription();
    return new MediaDescription(d.ice(), d.ssrc(), d.payloadType(), d.dtmfPayloadType()).encode();
  }

  private void watchMedia() {
    restarts =
        new IceRestarts(
            phone,
            call,
            call.direction() == CallDirection.OUTGOING,
            media,
            flow,
            () -> call.state() == CallState.ACTIVE);
    if (web == null) { // S6 wrtcj: no ICE restart with a browser yet; its DTLS close ends it
      media.onRestartNeeded(reason -> phone.thread().later(call, () -> restarts.begin(reason)));
    } else {
      web.onPeerClosed(phone, call, () -> flow.get().endBecause(EndReason.PEER_VANISHED));
    }
    media.onDtmf(d -> events.dtmf(d.digit()));
    media.onPathStateChange(supervisor::pathState);
  }

  private void maybeStartMedia() {
    if (!(web != null ? web.ready() : agreed.isAgreed())
        || media == null
        || !ice.connected()
        || call.state() == CallState.ENDED
        || media.state() != MediaSession.State.CONNECTED) {
      return;
    }
    audioStart.start(media);
  }
}
