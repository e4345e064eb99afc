// window.peervoice: the scriptable API of the browser client (docs/webrtc.md). Identity and the
// overlay are here; WebRTC calls (call, answer, hangup, DTMF, stats) are the next step of issue 16
// and reject with a clear error until then.
import { loadOrCreateIdentity } from './identity.js';
import { OverlayConnection } from './overlay.js';

const NOT_YET = 'calls from the browser are not built yet (issue 16: the DTLS-SRTP media profile)';

/**
 * Builds the API. {@code o}: base (the node's http(s) URL; default the page's origin), storage
 * (localStorage), fetch, WebSocket.
 */
export function createPeervoice(o = {}) {
  const base = new URL(o.base ?? globalThis.location.href);
  const identity = loadOrCreateIdentity(o.storage ?? globalThis.localStorage);
  const listeners = [];
  let overlay = null;
  let started = null;
  let incoming = null;

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
        overlay.onMessage((sender, payload) => {
          for (const l of listeners) l(sender.peerId, payload, new TextDecoder().decode(payload));
        });
        const replicas = await overlay.start();
        return { peerId: identity.peerId, node: node.nodeId, replicas: Number(replicas) };
      })();
    }
    return started;
  }

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
    call: async () => { throw new Error(NOT_YET); },
    onIncoming: (handler) => { incoming = handler; return incoming; },
    answer: async () => { throw new Error(NOT_YET); },
    hangup: async () => {},
    sendDtmf: async () => { throw new Error(NOT_YET); },
    stats: () => null,
  };
}
