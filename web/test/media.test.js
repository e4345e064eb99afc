// media.js: a call that ends while the browser asks for the microphone leaves it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallMedia, MediaError, OFFER_CANDIDATE_MILLIS, iceServersFrom } from '../src/media.js';

test('a microphone granted after the call ended is stopped at once, and open() fails', async () => {
  let grant;
  const stopped = [];
  const track = { kind: 'audio', stop: () => stopped.push('mic') };
  const media = new CallMedia({
    onCandidate() {},
    getUserMedia: () => new Promise((r) => { grant = r; }),
  });
  const opening = media.open();
  media.close(); // the peer cancelled (or the user hung up) during the permission prompt
  grant({ getTracks: () => [track], getAudioTracks: () => [track] });
  await assert.rejects(opening, MediaError);
  assert.deepEqual(stopped, ['mic']);
  assert.equal(media.pc, undefined, 'no peer connection made');
});

// S7 webmedia: the node's STUN/TURN servers (its /node.json) reach the RTCPeerConnection
test('the iceServers a node names reach the RTCPeerConnection configuration, checked', async () => {
  const node = {
    nodeId: 'x',
    iceServers: [
      { urls: 'stun:stun.example.net:3478' },
      { urls: ['turn:turn.example.net:3478?transport=udp', 'turns:turn.example.net:5349'], username: 'alice', credential: 's3cret' },
      { urls: 'http://evil.example/' },
      { urls: ['stun:ok', 'javascript:alert(1)'] },
      { urls: 42 },
      { urls: 'turn:no-credentials.example.net' },
      null,
    ],
  };
  const servers = iceServersFrom(node);
  assert.deepEqual(servers, [
    { urls: ['stun:stun.example.net:3478'] },
    { urls: ['turn:turn.example.net:3478?transport=udp', 'turns:turn.example.net:5349'], username: 'alice', credential: 's3cret' },
  ]);
  assert.deepEqual(iceServersFrom({}), []);
  assert.equal(iceServersFrom({ iceServers: Array(20).fill({ urls: 'stun:a' }) }).length, 8);

  const configs = [];
  const saved = globalThis.RTCPeerConnection;
  globalThis.RTCPeerConnection = class {
    constructor(c) { configs.push(c); throw new Error('stop here'); }
  };
  try {
    const track = { kind: 'audio', stop() {} };
    const media = new CallMedia({
      onCandidate() {},
      iceServers: servers,
      getUserMedia: async () => ({ getTracks: () => [track], getAudioTracks: () => [track] }),
    });
    await assert.rejects(media.open(), /stop here/);
  } finally {
    globalThis.RTCPeerConnection = saved;
  }
  assert.deepEqual(configs[0].iceServers, servers);
});

// S8: relayOnly() makes the RTCPeerConnection relay-only (iceTransportPolicy 'relay'); default 'all'
test('iceTransportPolicy reaches the RTCPeerConnection: relay when asked, all otherwise', async () => {
  const configs = [];
  const saved = globalThis.RTCPeerConnection;
  globalThis.RTCPeerConnection = class {
    constructor(c) { configs.push(c); throw new Error('stop here'); }
  };
  try {
    for (const policy of ['relay', undefined]) {
      const track = { kind: 'audio', stop() {} };
      const media = new CallMedia({
        onCandidate() {},
        iceTransportPolicy: policy,
        getUserMedia: async () => ({ getTracks: () => [track], getAudioTracks: () => [track] }),
      });
      await assert.rejects(media.open(), /stop here/);
    }
  } finally {
    globalThis.RTCPeerConnection = saved;
  }
  assert.deepEqual(configs.map((c) => c.iceTransportPolicy), ['relay', 'all']);
});

// S21: the offer carries the first candidate gathered, so the callee can check us as it answers
class GatheringPeerConnection {
  constructor() {
    this.candidates = [];
  }
  addTransceiver() { return {}; }
  async createOffer() { return { type: 'offer', sdp: 'v=0\r\n' }; }
  async setLocalDescription() {}
  get localDescription() {
    return { sdp: 'v=0\r\n' + this.candidates.map((c) => 'a=' + c + '\r\n').join('') };
  }
  gather(candidate) { // what the browser does a little after setLocalDescription
    this.candidates.push(candidate);
    this.onicecandidate({ candidate: { candidate } });
  }
}

async function openWith(pc, o = {}) {
  const saved = globalThis.RTCPeerConnection;
  globalThis.RTCPeerConnection = class { constructor() { return pc; } };
  try {
    const track = { kind: 'audio', stop() {} };
    const media = new CallMedia({
      onCandidate() {},
      getUserMedia: async () => ({ getTracks: () => [track], getAudioTracks: () => [track] }),
      ...o,
    });
    await media.open();
    return media;
  } finally {
    globalThis.RTCPeerConnection = saved;
  }
}

test('the offer waits for the first candidate and carries it', async () => {
  const pc = new GatheringPeerConnection();
  const waits = [];
  const media = await openWith(pc, { wait: (ms) => { waits.push(ms); return new Promise(() => {}); } });
  const host = 'candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host generation 0';
  const offering = media.offer();
  await new Promise((r) => setTimeout(r, 0));
  pc.gather(host);
  const sdp = await offering;
  assert.match(sdp, /a=candidate:1 1 udp 2122260223 10\.0\.0\.2 50000 typ host/);
  assert.deepEqual(waits, [OFFER_CANDIDATE_MILLIS]);
});

test('an offer with no candidate in time goes without one', async () => {
  const pc = new GatheringPeerConnection();
  let elapse;
  const media = await openWith(pc, { wait: () => new Promise((r) => { elapse = r; }) });
  const offering = media.offer();
  await new Promise((r) => setTimeout(r, 0));
  elapse(); // OFFER_CANDIDATE_MILLIS passed: e.g. a relay-only page whose TURN server is slow
  assert.equal(await offering, 'v=0\r\n');
  pc.gather('candidate:2 1 udp 1 192.0.2.1 3478 typ relay'); // trickles later, as before
});
