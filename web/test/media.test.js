// media.js: a call that ends while the browser asks for the microphone leaves it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallMedia, MediaError, iceServersFrom } from '../src/media.js';

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
