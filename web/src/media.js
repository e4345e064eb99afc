// One call's WebRTC media (docs/webrtc.md): the microphone, an RTCPeerConnection with one audio
// transceiver (Opus and telephone-event only, BUNDLE, rtcp-mux), trickle ICE with
// end-of-candidates (RFC 8838), DTMF through RTCDTMFSender (RFC 4733), mute, and the remote audio
// played through an <audio> element. Signalling is the caller's business: this class hands out
// SDP and candidate strings and takes the peer's.
import { reportFromStats } from './report.js';

/** The refusal a page sees for anything but audio (docs/webrtc.md, "What is refused"). */
export class MediaError extends Error {}

const DTMF = /^[0-9A-D*#,]{1,64}$/;

/**
 * S21: how long an offer waits for its first candidate after setLocalDescription, so that the
 * callee has an address of ours when it answers and its checks start at once, instead of after our
 * trickled candidates (sent once it rings) came through the overlay: a host candidate takes a few
 * milliseconds, a TURN allocation a round trip to the server. Waited once per call, before dialling.
 */
export const OFFER_CANDIDATE_MILLIS = 100;

/** Most ICE servers taken from a node (an RTCPeerConnection tries each of them). */
export const MAX_ICE_SERVERS = 8;
const ICE_URL = /^(stun|turn|turns):[^\s]{1,250}$/;

/**
 * S7 webmedia: the STUN/TURN servers a node names in its /node.json ({@code iceServers}, as
 * RTCPeerConnection takes them: urls, and username and credential for TURN), checked: at most
 * {@link MAX_ICE_SERVERS}, each url stun:, turn: or turns:, strings only, TURN with username and
 * credential. Anything else is dropped, so a node's mistake leaves host candidates, never a broken
 * peer connection.
 */
export function iceServersFrom(node) {
  const list = Array.isArray(node?.iceServers) ? node.iceServers : [];
  const servers = [];
  for (const s of list.slice(0, MAX_ICE_SERVERS)) {
    const urls = typeof s?.urls === 'string' ? [s.urls] : s?.urls;
    if (!Array.isArray(urls) || urls.length === 0 || urls.length > 4) continue;
    if (!urls.every((u) => typeof u === 'string' && ICE_URL.test(u))) continue;
    const server = { urls };
    for (const k of ['username', 'credential']) {
      if (typeof s[k] === 'string' && s[k].length <= 512) server[k] = s[k];
    }
    // a turn: url without both makes RTCPeerConnection throw: such an entry is dropped
    if (urls.some((u) => u.startsWith('turn')) && !(server.username && server.credential)) continue;
    servers.push(server);
  }
  return servers;
}

export class CallMedia {
  /**
   * @param {object} o onCandidate(candidateString | null for end-of-candidates), onState(state),
   *     optional iceServers, getUserMedia (for tests), audioElement (where the peer's audio plays),
   *     now
   */
  constructor(o) {
    this.o = o;
    this.now = o.now ?? (() => performance.now());
    this.pending = [];
    this.remoteSet = false;
    this.tonesSent = '';
    this.started = this.now();
  }

  /** Opens the microphone and the peer connection; resolves once both exist. */
  async open() {
    const gum = this.o.getUserMedia ?? ((c) => navigator.mediaDevices.getUserMedia(c));
    if (!globalThis.isSecureContext && !this.o.getUserMedia) {
      throw new MediaError('the microphone needs https (or localhost): open this page over https');
    }
    const stream = await gum({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
    if (this.closed) {
      // the call ended while the user was asked for the microphone: it must not stay on
      for (const t of stream.getTracks()) t.stop();
      throw new MediaError('the call ended before the microphone opened');
    }
    this.stream = stream;
    const pc = new RTCPeerConnection({
      iceServers: this.o.iceServers ?? [],
      // S8: 'relay' sends everything through the TURN servers: the peer never sees our addresses
      iceTransportPolicy: this.o.iceTransportPolicy ?? 'all',
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    this.pc = pc;
    [this.track] = this.stream.getAudioTracks();
    if (!this.track) throw new MediaError('no microphone track');
    pc.onicecandidate = (e) => {
      this.candidateSeen?.();
      if (e.candidate && e.candidate.candidate) this.o.onCandidate(e.candidate.candidate);
      else if (!e.candidate) this.o.onCandidate(null);
    };
    pc.ontrack = (e) => {
      this.remoteStream = e.streams[0] ?? new MediaStream([e.track]);
      // a remote track unmutes with its first RTP packet: the first audio heard
      e.track.addEventListener('unmute', () => {
        if (this.firstAudioAt === undefined) this.firstAudioAt = this.now();
      });
      const el = this.o.audioElement;
      if (el) {
        el.srcObject = this.remoteStream;
        el.play?.().catch(() => {});
      }
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected' && this.connectedAt === undefined) {
        this.connectedAt = this.now();
      }
      this.o.onState?.(pc.connectionState);
    };
  }

  /** Opus and telephone-event only, Opus first: nothing else is offered or accepted. */
  preferCodecs() {
    const caps = globalThis.RTCRtpReceiver?.getCapabilities?.('audio');
    if (!caps || !this.transceiver.setCodecPreferences) return;
    const opus = caps.codecs.filter((c) => /^audio\/opus$/i.test(c.mimeType));
    const events = caps.codecs.filter((c) => /^audio\/telephone-event$/i.test(c.mimeType));
    if (opus.length === 0) throw new MediaError('this browser has no Opus');
    this.transceiver.setCodecPreferences([...opus, ...events]);
  }

  /**
   * Our offer's SDP, set as local description, with the candidates gathered until the first one
   * came (at most {@link OFFER_CANDIDATE_MILLIS}); later ones trickle (RFC 8838). The callee's
   * connectivity checks can then start as it answers (RFC 8445 §7.3: we answer them before
   * we have its answer), where a trickled candidate would reach it only after its RINGING reached us.
   */
  async offer() {
    this.transceiver = this.pc.addTransceiver(this.track, { direction: 'sendrecv', streams: [this.stream] });
    this.preferCodecs();
    const offer = await this.pc.createOffer();
    const gathered = new Promise((resolve) => {
      this.candidateSeen = resolve;
    });
    await this.pc.setLocalDescription(offer);
    let timer;
    const wait = this.o.wait ?? ((ms) => new Promise((r) => { timer = setTimeout(r, ms); }));
    await Promise.race([gathered, wait(OFFER_CANDIDATE_MILLIS)]);
    clearTimeout(timer); // a candidate came first: nothing lingers
    this.candidateSeen = undefined;
    return this.pc.localDescription.sdp;
  }

  /** Takes the peer's offer and returns our answer's SDP. */
  async answer(offerSdp) {
    await this.remote('offer', offerSdp);
    // the offer made the transceiver: our microphone goes on it, both ways
    this.transceiver = this.pc.getTransceivers()[0];
    this.transceiver.direction = 'sendrecv';
    await this.transceiver.sender.replaceTrack(this.track);
    this.transceiver.sender.setStreams?.(this.stream);
    this.preferCodecs();
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    return this.pc.localDescription.sdp;
  }

  /** Takes the peer's answer to our offer. */
  accept(answerSdp) {
    return this.remote('answer', answerSdp);
  }

  async remote(type, sdp) {
    refuseNonAudio(sdp);
    await this.pc.setRemoteDescription({ type, sdp });
    this.remoteSet = true;
    const queued = this.pending;
    this.pending = [];
    for (const c of queued) await this.addCandidate(c);
  }

  /**
   * The peer's trickled candidate ("candidate:..." as RFC 8839 writes it, with or without the
   * "a=" prefix), or null for its end-of-candidates. Held until the remote description is set.
   */
  async addCandidate(candidate) {
    if (!this.remoteSet) {
      this.pending.push(candidate);
      return;
    }
    const mid = (this.transceiver ?? this.pc.getTransceivers()[0])?.mid ?? '0';
    const text = candidate === null ? '' : candidate.replace(/^a=/, '');
    try {
      await this.pc.addIceCandidate({ candidate: text, sdpMid: mid, sdpMLineIndex: 0 });
    } catch (e) {
      // one unusable candidate (e.g. a family this browser lacks) does not end the call
      this.o.onWarning?.('candidate refused: ' + e.message);
    }
  }

  /** Sends {@code digits} as RFC 4733 events (100 ms tones, 70 ms gaps). */
  sendDtmf(digits) {
    const d = String(digits).toUpperCase();
    if (!DTMF.test(d)) throw new MediaError('DTMF digits are 0-9, A-D, * and # (and , for a pause)');
    const dtmf = this.transceiver.sender.dtmf;
    if (!dtmf || !dtmf.canInsertDTMF) {
      throw new MediaError('the peer did not negotiate telephone-event, or media is not up yet');
    }
    if (!dtmf.ontonechange) {
      dtmf.ontonechange = (e) => { if (e.tone) this.tonesSent += e.tone; };
    }
    dtmf.insertDTMF(d, 100, 70);
  }

  /** The call was answered now (the answer arrived, or ours was sent): set-up figures count from here. */
  markAnswered() {
    if (this.answeredAt === undefined) this.answeredAt = this.now();
  }

  /** Mutes (true) or unmutes the microphone; the peer gets silence, the call goes on. */
  setMuted(muted) {
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = !muted;
    this.muted = muted;
  }

  /** The call report fields (report.js) from getStats. */
  async stats() {
    if (!this.pc) return null;
    const report = await this.pc.getStats();
    return reportFromStats(report, {
      connectMillis: this.connectedAt === undefined ? null : Math.round(this.connectedAt - this.started),
      muted: !!this.muted,
      dtmfSent: this.tonesSent,
      answerToFirstAudioMillis: this.firstAudioAt === undefined || this.answeredAt === undefined
        ? null : Math.max(0, Math.round(this.firstAudioAt - this.answeredAt)),
    });
  }

  close() {
    this.closed = true;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    if (this.pc && this.pc.signalingState !== 'closed') this.pc.close();
    const el = this.o.audioElement;
    if (el) el.srcObject = null;
  }
}

/**
 * Refuses a description with anything but one audio section: video, data channels (m=application)
 * and more than one audio section are not part of a PeerVoice call.
 */
export function refuseNonAudio(sdp) {
  const kinds = sdp.split(/\r?\n/).filter((l) => l.startsWith('m=')).map((l) => l.slice(2).split(' ')[0]);
  const other = kinds.find((k) => k !== 'audio');
  if (other) throw new MediaError('PeerVoice calls are audio only: ' + other + ' is refused');
  if (kinds.length !== 1) throw new MediaError('one audio section expected, not ' + kinds.length);
}
