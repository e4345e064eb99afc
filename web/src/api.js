// window.peervoice: the scriptable API of the browser client (docs/webrtc.md): identity and the
// overlay, messages, and WebRTC calls (call, answer, hangup, mute, DTMF, stats).
import { loadOrCreateIdentity } from './identity.js';
import { OverlayConnection } from './overlay.js';
import { warmUp } from './seal.js';
import { parsePeerId } from './bytes.js';
import { WebCalls } from './calls.js';
import { CallMedia, iceServersFrom } from './media.js';

/**
 * Builds the API. {@code o}: base (the node's http(s) URL; default the page's origin), storage
 * (localStorage), fetch, WebSocket.
 */
export function createPeervoice(o = {}) {
  const base = new URL(o.base ?? globalThis.location.href);
  const identity = loadOrCreateIdentity(o.storage ?? globalThis.localStorage);
  const listeners = [];
  const changes = [];
  const rosters = [];
  let overlay = null;
  let started = null;
  let calls = null;
  let relayOnly = false; // S8: iceTransportPolicy 'relay' for the calls from now on

  function start() {
    if (!started) {
      started = (async () => {
        const f = o.fetch ?? globalThis.fetch;
        const facts = async () => {
          const res = await f(new URL('/node.json', base), { cache: 'no-store' });
          if (!res.ok) throw new Error('the node gave no /node.json: HTTP ' + res.status);
          return res.json();
        };
        const node = await facts();
        const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
        overlay = new OverlayConnection({
          url: scheme + '//' + base.host + node.socketPath,
          identity,
          node,
          host: base.hostname,
          WebSocket: o.WebSocket,
          reloadNode: facts,
        });
        calls = new WebCalls({
          identity,
          device: overlay.device,
          peerIdBytes: parsePeerId,
          send: (peerId, bytes) => overlay.send(peerId, bytes),
          createMedia: (m) =>
            new CallMedia({
              ...m,
              audioElement: o.audioElement?.(),
              iceServers: o.iceServers ?? iceServersFrom(node),
              iceTransportPolicy: relayOnly ? 'relay' : 'all',
            }),
          onChange: (info) => changes.forEach((f) => f(info)),
          onConference: (members, info) => rosters.forEach((f) => f(members, info)),
        });
        for (const h of pendingIncoming.splice(0)) calls.incomingHandlers.push(h);
        overlay.onMessage((sender, payload) => {
          if (calls.handle(sender, payload)) return;
          for (const l of listeners) l(sender.peerId, payload, new TextDecoder().decode(payload));
        });
        const starting = overlay.start();
        try {
          warmUp(identity); // S20: the crypto's first use while the node answers, not in a call
        } catch {
          // only a cost moved: a call then pays it
        }
        const replicas = await starting;
        return { peerId: identity.peerId, node: node.nodeId, replicas: Number(replicas) };
      })();
    }
    return started;
  }

  const pendingIncoming = [];
  const withCalls = async () => {
    await start();
    return calls;
  };
  const attached = async () => {
    await start();
    return overlay;
  };

  return {
    /** Attaches and publishes (once); resolves with {peerId, node, replicas}. */
    ready: start,
    /** This browser's PeerId (base32), kept in localStorage. */
    peerId: () => identity.peerId,
    /** The peer's checked record: {peerId, nodes: [{id, host, port}]}. */
    lookup: async (peerId) => {
      const r = await (await attached()).lookup(peerId);
      return { peerId: r.identity.peerId, nodes: r.nodes.map((n) => ({ ...n, id: undefined })) };
    },
    /** Seals, signs and sends {@code payload} (string or Uint8Array) to {@code peerId}. */
    send: async (peerId, payload) => {
      const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
      await (await attached()).send(peerId, bytes);
    },
    /** {@code handler(fromPeerId, bytes, text)} for each message (signature checked, opened). */
    onMessage: (handler) => listeners.push(handler),
    /**
     * Calls {@code peerId} (WebRTC audio); resolves with the call's info once it is answered,
     * rejects with the reason it ended otherwise (error.reason: DECLINED, BUSY, REJECTED, ...).
     */
    call: async (peerId) => (await withCalls()).dial(peerId),
    /** {@code handler({peerId, callId, ...})} when a call rings here; answer() takes it. */
    onIncoming: (handler) => {
      if (calls) calls.incomingHandlers.push(handler);
      else pendingIncoming.push(handler);
    },
    /** {@code handler(info)} on each state change of a call: dialing, ringing, incoming, active, ended. */
    onCallState: (handler) => changes.push(handler),
    /**
     * S13 (issue 17): {@code handler(members, info)} whenever the peer, hosting a conference this
     * call is in, sends its roster: [{peer, host, speaking, level_dbov, muted, held}], the host
     * first; an empty list when the call left the conference.
     */
    onConference: (handler) => rosters.push(handler),
    /** Answers the call ringing here; resolves once our answer is sent. */
    answer: async () => (await withCalls()).answer(),
    /** Ends the call (CANCEL, DECLINE or HANGUP as its state asks); nothing if there is none. */
    hangup: async () => calls?.hangup(),
    /**
     * S8: with true, the calls made or answered from now on send everything through the TURN
     * servers of the node's /node.json (iceTransportPolicy 'relay'): the peer never learns this
     * browser's addresses; without a TURN server such a call cannot connect.
     */
    relayOnly: (on = true) => {
      relayOnly = Boolean(on);
    },
    /** Mutes (true) or unmutes the microphone of the current call. */
    mute: (muted = true) => calls?.call?.media?.setMuted(muted),
    /** Sends DTMF digits (0-9, A-D, *, #; ',' pauses) in the call's media (RFC 4733). */
    sendDtmf: async (digits) => {
      const media = calls?.call?.state === 'active' ? calls.call.media : null;
      if (!media) throw new Error('no active call');
      media.sendDtmf(digits);
    },
    /** The current (or last) call's state: {peerId, direction, state, reason, detail} or null. */
    callInfo: () => (calls?.call ? calls.info(calls.call) : null),
    /** The call report fields (docs/webrtc.md), or null when there is no call media. */
    stats: async () => {
      const c = calls?.call;
      if (!c?.media) return null;
      const r = await c.media.stats();
      if (r) r.call = calls.info(c);
      // S13: as a Java participant's report (docs/conference.md), present while in a conference
      if (r && c.conference?.length) r.conference = { hosted_here: false, participants: c.conference };
      return r;
    },
    /** The call's negotiated SDP, for diagnostics: {local, remote} (or null). */
    descriptions: () => {
      const pc = calls?.call?.media?.pc;
      return pc ? { local: pc.localDescription?.sdp ?? null, remote: pc.remoteDescription?.sdp ?? null } : null;
    },
    /** The peer's audio as a MediaStream (for recording or analysis), or null. */
    remoteStream: () => calls?.call?.media?.remoteStream ?? null,
  };
}
