// The browser's calls (docs/webrtc.md, "Calls"): one call at a time, caller or callee, signalled
// with sealed, signed call messages through the overlay (callwire.js) and carried by WebRTC media
// (media.js). States: dialing -> ringing -> active -> ended (outgoing); incoming -> active -> ended.
// Timers as a Java phone's: no RINGING in 10 s (UNREACHABLE), no answer in 60 s (NO_ANSWER), an
// unanswered incoming call forgotten after 70 s.
import { CallWireError, MAX_CANDIDATES, callKey, decodeCall, encodeCall, newCallId, reason } from './callwire.js';
import { equal } from './bytes.js';
import { refuseNonAudio } from './media.js';

const RING_MILLIS = 10_000;
const ANSWER_MILLIS = 60_000;
const INCOMING_MILLIS = 70_000;
const CLOCK_SKEW_MILLIS = 60_000;
const HELD_CANDIDATES = 17; // 16 and the end-of-candidates
const MAX_REMOTE_CANDIDATES = 16;
const RECENT_CALLS = 256;

export class CallError extends Error {
  constructor(message, reason) {
    super(message);
    this.reason = reason;
  }
}

const MESSAGES = {
  DECLINED: 'the peer declined the call',
  BUSY: 'the peer is busy',
  REJECTED: "the peer refused the call's media description",
  UNREACHABLE: 'the peer did not ring (unreachable)',
  NO_ANSWER: 'no answer',
  MEDIA_FAILED: 'the media path failed',
};

/** Whether an offer from {@code peer} meets our own call to it that is not yet answered (glare). */
function glare(ours, peer) {
  return ours.direction === 'outgoing' && ours.peer === peer && !ours.answered && ours.state !== 'active';
}

/** Call ids compared as unsigned 128-bit numbers, high half first (docs/calls.md, "Glare"). */
export function compareIds(x, y) {
  const u = (v) => BigInt.asUintN(64, v);
  if (u(x.high) !== u(y.high)) return u(x.high) < u(y.high) ? -1 : 1;
  if (u(x.low) !== u(y.low)) return u(x.low) < u(y.low) ? -1 : 1;
  return 0;
}

export class WebCalls {
  /**
   * @param {object} o send(peerId, bytes) (the overlay's), identity (ours), device (our 8-byte
   *     overlay device id), createMedia(options) (media.js's CallMedia), onChange(callInfo), now,
   *     timers {set, clear}
   */
  constructor(o) {
    this.o = o;
    this.now = o.now ?? (() => Date.now());
    this.newCallId = o.newCallId ?? newCallId; // injected by tests that need known ids
    this.timers = o.timers ?? { set: (f, ms) => setTimeout(f, ms), clear: (t) => clearTimeout(t) };
    this.call = null;
    this.incomingHandlers = [];
    this.recent = [];
  }

  /** Handles a message from {@code from} (a public identity); false if it is no call message. */
  handle(from, payload) {
    let m;
    try {
      m = decodeCall(payload);
    } catch (e) {
      if (e instanceof CallWireError) return false;
      throw e;
    }
    const c = this.call;
    if (c && c.peer === from.peerId && callKey(c.id) === callKey(m.callId)) {
      this.onCallMessage(c, m);
    } else if (m.type === 'webOffer') {
      this.offered(from, m);
    } else if (m.type === 'invite') {
      // PeerVoice's own media keys are not a browser's: refuse, do not ring
      this.sendOnce(from.peerId, { type: 'cancel', callId: m.callId, seq: 0, reason: reason('REJECTED') });
    }
    return true;
  }

  offered(from, m) {
    const key = callKey(m.callId);
    if (this.recent.includes(key)) return;
    this.remember(key);
    if (!equal(m.callee, this.o.identity.idBytes) || Math.abs(this.now() - m.timestampMillis) > CLOCK_SKEW_MILLIS) {
      return; // re-targeted or stale: dropped, as a Java phone does
    }
    const ours = this.call;
    if (ours && ours.state !== 'ended') {
      if (!glare(ours, from.peerId)) {
        this.sendOnce(from.peerId, { type: 'busy', callId: m.callId, seq: 0 });
        return;
      }
      // glare (docs/calls.md): the smaller call id wins, as on a Java phone
      if (compareIds(ours.id, m.callId) <= 0) {
        this.sendOnce(from.peerId, { type: 'cancel', callId: m.callId, seq: 0, reason: reason('GLARE') });
        return;
      }
      this.end(ours, 'GLARE', null); // theirs wins and rings
    }
    const c = this.newCall(from.peerId, m.callId, 'incoming');
    c.offer = m.sdp;
    c.seen.add(m.seq + ':');
    try {
      refuseNonAudio(m.sdp);
    } catch (e) {
      this.end(c, 'REJECTED', 'cancel', e.message);
      return;
    }
    this.send(c, { type: 'ringing' });
    this.setState(c, 'incoming');
    c.timer = this.timers.set(() => this.end(c, 'NO_ANSWER', null), INCOMING_MILLIS);
    for (const h of this.incomingHandlers) h(this.info(c));
  }

  onCallMessage(c, m) {
    if (c.state === 'ended') return;
    if (c.direction === 'outgoing' && m.device) {
      // several devices of the callee: the first to answer takes the call
      if (c.peerDevice && !equal(m.device, c.peerDevice)) return;
    }
    const dedupe = m.seq + ':' + (m.device ? m.device.join(',') : '');
    if (c.seen.has(dedupe)) return;
    c.seen.add(dedupe);
    switch (m.type) {
      case 'ringing':
        if (m.device) c.devices.add(m.device.join(','));
        if (c.direction !== 'outgoing' || c.state !== 'dialing') return;
        this.setState(c, 'ringing');
        this.timers.clear(c.timer);
        c.timer = this.timers.set(() => this.end(c, 'NO_ANSWER', 'cancel'), ANSWER_MILLIS);
        c.mayTrickle = true;
        this.flushCandidates(c);
        return;
      case 'webAnswer':
        if (c.direction !== 'outgoing' || c.answered) return;
        c.answered = true;
        c.media.markAnswered?.();
        c.peerDevice = m.device;
        if (m.device && [...c.devices].some((d) => d !== m.device.join(','))) {
          // other devices of the callee rang: one CANCEL sparing the device that answered
          this.send(c, { type: 'cancel', reason: reason('ANSWERED_ELSEWHERE'), device: m.device }).catch(() => {});
        }
        this.timers.clear(c.timer);
        c.mayTrickle = true;
        this.flushCandidates(c);
        c.media.accept(m.sdp).then(
          () => this.setState(c, 'active'),
          (e) => this.end(c, 'REJECTED', 'hangup', e.message),
        );
        return;
      case 'candidates':
        for (const cand of m.candidates) this.remoteCandidate(c, cand);
        if (m.end) this.remoteCandidate(c, null);
        return;
      case 'decline':
      case 'busy':
        if (c.direction !== 'outgoing' || c.answered) return;
        if (m.type === 'busy' && this.anotherRings(c, m.device)) return; // S7 tel
        this.end(c, m.type === 'busy' ? 'BUSY' : 'DECLINED', null);
        return;
      case 'cancel':
        if (c.direction === 'outgoing' && !c.answered && this.anotherRings(c, m.device)) return;
        // a CANCEL that spares our device: the call was taken here (the caller tells the others)
        if (c.direction === 'incoming' && m.device && this.o.device && equal(m.device, this.o.device)) return;
        if (!c.answered || c.direction === 'incoming') this.end(c, m.reason, null);
        return;
      case 'hangup':
        this.end(c, m.reason === 'LOCAL_HANGUP' ? 'REMOTE_HANGUP' : m.reason, null);
        return;
      case 'conference':
        this.roster(c, m);
        return;
      default:
    }
  }

  /**
   * S7 tel: a refusal (BUSY, CANCEL) from one device of the callee while another one rings is
   * ignored, as a Java caller does (docs/calls.md, "Several devices"): a device set to do not
   * disturb answers BUSY late while others of its identity are online (docs/presence.md).
   */
  anotherRings(c, device) {
    if (!device) return false;
    const me = device.join(',');
    c.refused.add(me);
    return [...c.devices].some((d) => d !== me && !c.refused.has(d));
  }

  /**
   * S13 (issue 17): the peer hosts a conference this call is in and says who is in it (signed and
   * sealed like every call message; docs/conference.md). Only on an answered call, only a newer
   * epoch than the last (a reordered older state is ignored); an empty list: the call left the
   * conference and goes on as a plain call.
   */
  roster(c, m) {
    if (!c.answered || (c.epoch !== undefined && m.epoch <= c.epoch)) return;
    c.epoch = m.epoch;
    c.conference = m.members;
    this.o.onConference?.(m.members, this.info(c));
  }

  remoteCandidate(c, cand) {
    // at most 16 of a peer's trickled candidates per call, as a Java phone: a hostile peer cannot
    // point this browser's connectivity checks at an unbounded list of addresses
    if (cand !== null && ++c.remoteCandidates > MAX_REMOTE_CANDIDATES) return;
    if (c.media && (c.direction === 'outgoing' || c.answered)) {
      c.media.addCandidate(cand);
    } else if (c.held.length < HELD_CANDIDATES) {
      c.held.push(cand); // the callee has no media before the answer
    }
  }

  /** Calls {@code peerId}; resolves with the call's info once it is answered. */
  async dial(peerId) {
    if (this.call && this.call.state !== 'ended') throw new CallError('already in a call', 'BUSY');
    const c = this.newCall(peerId, this.newCallId(), 'outgoing');
    this.setState(c, 'dialing');
    const answered = new Promise((resolve, reject) => { c.settle = { resolve, reject }; });
    try {
      c.media = this.media(c);
      await c.media.open();
      const sdp = await c.media.offer();
      if (c.state === 'ended') return answered;
      // S21: the candidates the offer carries are not trickled again (the SDP writes them without
      // the ufrag the event's string ends with: compared up to the port)
      c.localCandidates = c.localCandidates.filter((x) => x === null || !sdp.includes('a=' + x.split(' ').slice(0, 6).join(' ') + ' '));
      await this.send(c, {
        type: 'webOffer', timestampMillis: this.now(), sdp,
      });
      // send() resolves with the node's route status, which may come after the callee's RINGING
      // (its answer timer is armed) or answer: only a call still dialling waits for RINGING
      if (c.state === 'dialing' && !c.answered) {
        c.timer = this.timers.set(() => this.end(c, 'UNREACHABLE', 'cancel'), RING_MILLIS);
      }
    } catch (e) {
      this.end(c, e.code === 'PEER_UNREACHABLE' || e.code === 'PEER_NOT_FOUND' ? 'UNREACHABLE' : 'ERROR', null, e.message);
    }
    return answered;
  }

  /** Answers the ringing incoming call. */
  async answer() {
    const c = this.call;
    if (!c || c.direction !== 'incoming' || c.state !== 'incoming') throw new CallError('no call is ringing', 'ERROR');
    this.timers.clear(c.timer);
    c.answered = true;
    try {
      c.media = this.media(c);
      await c.media.open();
      const sdp = await c.media.answer(c.offer);
      if (c.state === 'ended') throw new CallError('the call ended before it was answered', c.reason);
      c.answerSent = true;
      c.media.markAnswered?.();
      await this.send(c, { type: 'webAnswer', sdp });
      this.setState(c, 'active');
      c.mayTrickle = true;
      this.flushCandidates(c);
      for (const cand of c.held.splice(0)) await c.media.addCandidate(cand);
    } catch (e) {
      if (e.name === 'NotAllowedError' || e.name === 'NotFoundError') this.end(c, 'DEVICE_FAILED', 'decline', e.message);
      else this.end(c, 'REJECTED', c.answerSent ? 'hangup' : 'cancel', e.message);
      throw e;
    }
    return this.info(c);
  }

  /** Ends the call: CANCEL while dialling, DECLINE while ringing here, HANGUP once answered. */
  hangup() {
    const c = this.call;
    if (!c || c.state === 'ended') return;
    if (c.direction === 'incoming' && !c.answered) this.end(c, 'DECLINED', 'decline');
    else if (c.direction === 'outgoing' && !c.answered) this.end(c, 'CANCELLED', 'cancel');
    else this.end(c, 'LOCAL_HANGUP', 'hangup');
  }

  media(c) {
    return this.o.createMedia({
      onCandidate: (cand) => {
        c.localCandidates.push(cand);
        this.flushCandidates(c);
      },
      onState: (s) => {
        if (s === 'connected') this.setState(c, 'active', 'connected');
        if (s === 'failed') this.end(c, 'MEDIA_FAILED', 'hangup');
      },
    });
  }

  /** Sends gathered candidates once the peer may have them (after RINGING or our answer). */
  flushCandidates(c) {
    if (!c.mayTrickle || c.state === 'ended' || c.localCandidates.length === 0) return;
    const batch = c.localCandidates.splice(0);
    const end = batch[batch.length - 1] === null;
    const candidates = batch.filter((x) => x !== null);
    for (let i = 0; i < candidates.length || (end && i === 0); i += MAX_CANDIDATES) {
      const part = candidates.slice(i, i + MAX_CANDIDATES);
      this.send(c, { type: 'candidates', candidates: part, end: end && i + MAX_CANDIDATES >= candidates.length })
        .catch(() => {});
    }
  }

  /** Ends {@code c} with {@code why}, sending {@code tell} (cancel, decline, hangup) first. */
  end(c, why, tell, detail) {
    if (c.state === 'ended') return;
    this.timers.clear(c.timer);
    if (tell === 'cancel') this.send(c, { type: 'cancel', reason: reason(why) }).catch(() => {});
    if (tell === 'decline') this.send(c, { type: 'decline' }).catch(() => {});
    if (tell === 'hangup') {
      const r = why === 'DECLINED' || why === 'REJECTED' ? 'REJECTED' : why;
      this.send(c, { type: 'hangup', reason: reason(r) }).catch(() => {});
    }
    c.reason = why;
    c.detail = detail ?? MESSAGES[why] ?? why.toLowerCase().replace(/_/g, ' ');
    c.media?.close();
    this.setState(c, 'ended');
    c.settle?.reject(new CallError(c.detail, why));
  }

  newCall(peer, id, direction) {
    this.call = {
      id, peer, direction, state: 'new', seq: 0, seen: new Set(), held: [], localCandidates: [], devices: new Set(), refused: new Set(), remoteCandidates: 0,
      sending: Promise.resolve(), startedAt: this.now(),
    };
    return this.call;
  }

  /** Sends one message of {@code c} in order; callee messages name our device. */
  send(c, m) {
    const msg = { ...m, callId: c.id, seq: c.seq++ };
    if (m.type === 'webOffer') msg.callee = this.o.peerIdBytes(c.peer);
    const bytes = encodeCall(msg, m.device ?? (c.direction === 'incoming' ? this.o.device : null));
    c.sending = c.sending.catch(() => {}).then(() => this.o.send(c.peer, bytes));
    return c.sending;
  }

  sendOnce(peerId, m) {
    this.o.send(peerId, encodeCall(m, this.o.device)).catch(() => {});
  }

  setState(c, state, media) {
    if (c.state === 'ended') return;
    c.state = state;
    if (media) c.media_state = media;
    if (state === 'active' && c.direction === 'outgoing' && !c.activeAt) {
      c.activeAt = this.now();
      c.settle?.resolve(this.info(c));
    }
    this.o.onChange?.(this.info(c));
  }

  remember(key) {
    this.recent.push(key);
    if (this.recent.length > RECENT_CALLS) this.recent.shift();
  }

  info(c) {
    return {
      peerId: c.peer,
      direction: c.direction,
      state: c.state,
      media: c.media_state ?? null,
      reason: c.reason ?? null,
      detail: c.detail ?? null,
      callId: c.id.high.toString() + ':' + c.id.low.toString(),
      conference: c.conference ?? [],
    };
  }
}
