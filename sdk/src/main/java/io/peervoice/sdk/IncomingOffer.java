package io.peervoice.sdk;

import io.peervoice.session.MediaDescription;
import io.peervoice.session.sdp.SdpParser;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.InviteGuard;
import io.peervoice.signaling.call.WebCallFlow;
import java.util.List;

/**
 * S7 tel: an incoming offer as {@link IncomingInvites}' one check pipeline sees it: a PeerVoice
 * INVITE ({@link Invite}) or a browser's WEB_OFFER ({@link Web}). Each step of the pipeline asks
 * the offer for what differs between the two (which guard checks, which description parser, how a
 * refusal is worded, how the call rings); the order of the checks is the pipeline's alone.
 */
abstract sealed class IncomingOffer {
  /** The call the offer is for. */
  abstract CallId callId();

  /** {@code invite} or {@code offer}, for the log. */
  abstract String noun();

  /** The guard's cheap checks (re-targeted, stale, replayed, SRTP profile): null if passed. */
  abstract InviteGuard.Rejection check(
      InviteGuard guard, PeerId from, long nowMillis, List<String> profiles);

  /** Parses the offer's description; IllegalArgumentException if our media cannot use it. */
  abstract void parse();

  /** The log kind of a description {@link #parse()} refused. */
  abstract String badKind();

  /** The checks after the admission (key share), then remembering it against replay: or null. */
  abstract InviteGuard.Rejection remember(InviteGuard guard, PeerId from, long nowMillis);

  /** How a refusal by {@link #remember} is answered. */
  abstract EndReason answerTo(InviteGuard.Rejection rejection);

  /** The message that refuses the offer with {@code why}. */
  abstract CallMessage refusal(EndReason why);

  /** The refusal of a phone set to do not disturb, which answers {@code why}. */
  abstract CallMessage quiet(EndReason why);

  /** Whether it is an attended transfer's replacing invite. */
  abstract boolean replaces();

  /** The new call's profile. */
  abstract CallProfile profile();

  /** Rings {@code call}, made for this offer (on its task). */
  abstract void ring(Call call, Phone phone, boolean contact);

  /** A PeerVoice INVITE. */
  static final class Invite extends IncomingOffer {
    final CallMessage.Invite invite;

    Invite(CallMessage.Invite invite) {
      this.invite = invite;
    }

    @Override
    CallId callId() {
      return invite.callId();
    }

    @Override
    String noun() {
      return "invite";
    }

    @Override
    InviteGuard.Rejection check(
        InviteGuard guard, PeerId from, long nowMillis, List<String> profiles) {
      return guard.check(from, invite, nowMillis, profiles);
    }

    @Override
    void parse() {
      MediaDescription.decode(invite.offer());
    }

    @Override
    String badKind() {
      return "bad-offer";
    }

    @Override
    InviteGuard.Rejection remember(InviteGuard guard, PeerId from, long nowMillis) {
      InviteGuard.Rejection r = guard.checkKeyShare(invite);
      return r != null ? r : guard.remember(from, invite, nowMillis);
    }

    @Override
    EndReason answerTo(InviteGuard.Rejection rejection) {
      return rejection == InviteGuard.Rejection.BAD_KEY_SHARE ? EndReason.REJECTED : EndReason.BUSY;
    }

    @Override
    CallMessage refusal(EndReason why) {
      return CallFlow.refusal(invite, why);
    }

    @Override
    CallMessage quiet(EndReason why) {
      return refusal(why);
    }

    @Override
    boolean replaces() {
      return invite.replaces().length > 0;
    }

    @Override
    CallProfile profile() {
      return CallProfile.PEERVOICE;
    }

    @Override
    void ring(Call call, Phone phone, boolean contact) {
      call.ring(invite, contact);
    }
  }

  /** A browser's WEB_OFFER (S6 wrtcj): a JSEP SDP; the browser's decoder knows no BUSY reason. */
  static final class Web extends IncomingOffer {
    final CallMessage.WebOffer offer;
    private SdpParser.Parsed sdp;

    Web(CallMessage.WebOffer offer) {
      this.offer = offer;
    }

    @Override
    CallId callId() {
      return offer.callId();
    }

    @Override
    String noun() {
      return "offer";
    }

    @Override
    InviteGuard.Rejection check(
        InviteGuard guard, PeerId from, long nowMillis, List<String> profiles) {
      return guard.checkWeb(from, offer, nowMillis);
    }

    @Override
    void parse() {
      sdp = WebCallMedia.parse(offer.sdp());
    }

    @Override
    String badKind() {
      return "bad-sdp";
    }

    @Override
    InviteGuard.Rejection remember(InviteGuard guard, PeerId from, long nowMillis) {
      return guard.rememberWeb(from, offer, nowMillis);
    }

    @Override
    EndReason answerTo(InviteGuard.Rejection rejection) {
      return EndReason.BUSY;
    }

    @Override
    CallMessage refusal(EndReason why) {
      return WebCallFlow.refusal(offer, why);
    }

    @Override
    CallMessage quiet(EndReason why) {
      return refusal(EndReason.BUSY); // S6 presence: a plain BUSY, whatever the reason
    }

    @Override
    boolean replaces() {
      return false;
    }

    @Override
    CallProfile profile() {
      return CallProfile.WEBRTC;
    }

    @Override
    void ring(Call call, Phone phone, boolean contact) {
      call.ringWeb(offer, WebCallMedia.answering(sdp, phone));
    }
  }
}
