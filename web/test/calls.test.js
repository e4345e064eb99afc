// Two WebCalls wired back to back (messages through encode/decode, fake media, fake timers): the
// call flow of docs/webrtc.md from either side, and the call messages as the contract writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebCalls, compareIds } from '../src/calls.js';
import { CallWireError, decodeCall, encodeCall, CALL, reason } from '../src/callwire.js';
import { loadOrCreateIdentity } from '../src/identity.js';
import { parsePeerId } from '../src/bytes.js';
import { encode as cborEncode } from '../src/cbor.js';

const store = () => {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v) };
};

class FakeMedia {
  constructor(o) { this.o = o; this.candidates = []; this.dtmf = []; }
  async open() {}
  async offer() { setTimeout(() => { this.o.onCandidate('candidate:1 1 udp 1 10.0.0.1 5000 typ host'); this.o.onCandidate(null); }); return 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n'; }
  async answer(sdp) { this.remote = sdp; setTimeout(() => { this.o.onCandidate('candidate:2 1 udp 1 10.0.0.2 6000 typ host'); this.o.onCandidate(null); }); return 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:active\r\n'; }
  async accept(sdp) { this.remote = sdp; }
  async addCandidate(c) { this.candidates.push(c); }
  close() { this.closed = true; }
}

function pair(ids = {}) {
  const a = loadOrCreateIdentity(store());
  const b = loadOrCreateIdentity(store());
  const wire = [];
  const peers = {};
  const make = (me, device) => new WebCalls({
    identity: me,
    device,
    peerIdBytes: parsePeerId,
    send: async (to, bytes) => {
      wire.push({ from: me.peerId, to, m: decodeCall(bytes) });
      setTimeout(() => peers[to].handle(me, bytes));
    },
    createMedia: (o) => new FakeMedia(o),
    newCallId: ids[device ? 'B' : 'A'],
  });
  peers[a.peerId] = make(a, null);
  peers[b.peerId] = make(b, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
  return { a, b, A: peers[a.peerId], B: peers[b.peerId], wire };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

test('a call rings, is answered, trickles both ways and hangs up', async () => {
  const { a, b, A, B, wire } = pair();
  const rang = [];
  B.incomingHandlers.push((info) => rang.push(info));
  const answered = A.dial(b.peerId);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(rang.length, 1);
  assert.equal(rang[0].peerId, a.peerId);
  await B.answer();
  const info = await answered;
  assert.equal(info.state, 'active');
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(B.call.media.candidates, ['candidate:1 1 udp 1 10.0.0.1 5000 typ host', null]);
  assert.deepEqual(A.call.media.candidates, ['candidate:2 1 udp 1 10.0.0.2 6000 typ host', null]);
  A.hangup();
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(B.call.state, 'ended');
  assert.equal(B.call.reason, 'REMOTE_HANGUP');
  const types = wire.map((w) => w.from === a.peerId ? 'A:' + w.m.type : 'B:' + w.m.type);
  assert.deepEqual(types.filter((t) => !t.endsWith('candidates')),
    ['A:webOffer', 'B:ringing', 'B:webAnswer', 'A:hangup']);
  // the caller trickles only after RINGING; the callee only after its answer
  assert.ok(types.indexOf('A:candidates') > types.indexOf('B:ringing'));
  assert.ok(types.indexOf('B:candidates') > types.indexOf('B:webAnswer'));
  // everything the callee sends names its device
  for (const w of wire.filter((x) => x.from === b.peerId)) assert.deepEqual([...w.m.device], [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const w of wire.filter((x) => x.from === a.peerId)) assert.equal(w.m.device, null);
});

test('the messages are the contract bytes', () => {
  const id = { high: -5764607523034234880n, low: 42n };
  const bytes = encodeCall({ type: 'hangup', callId: id, seq: 4 });
  assert.deepEqual([...bytes.slice(0, 2)], [0x85, 0x01]);
  assert.deepEqual([...encodeCall({ type: 'webOffer', callId: id, seq: 0, callee: new Uint8Array(20), timestampMillis: 1, sdp: 'v=0' }).slice(1, 4)], [0x01, 0x18, 0x28]);
  const withDevice = decodeCall(encodeCall({ type: 'hangup', callId: id, seq: 4 }, new Uint8Array(8)));
  assert.equal(withDevice.reason, 'LOCAL_HANGUP');
  assert.equal(withDevice.device.length, 8);
  assert.equal(decodeCall(encodeCall({ type: 'cancel', callId: id, seq: 1, reason: 5 })).reason, 'CANCELLED');
  assert.equal(CALL.webAnswer, 41);
});

test('a call message in indefinite-length form (as Jackson writes it) decodes', () => {
  // [_ 1, 7, 5, -6, 3, 0, h'0102030405060708'] : HANGUP with reason and device
  const bytes = Uint8Array.from([0x9f, 0x01, 0x07, 0x05, 0x25, 0x03, 0x00, 0x48, 1, 2, 3, 4, 5, 6, 7, 8, 0xff]);
  const m = decodeCall(bytes);
  assert.equal(m.type, 'hangup');
  assert.equal(m.callId.high, 5n);
  assert.equal(m.callId.low, -6n);
  assert.equal(m.seq, 3);
  assert.equal(m.reason, 'LOCAL_HANGUP');
  assert.deepEqual([...m.device], [1, 2, 3, 4, 5, 6, 7, 8]);
  // a break missing, or a stray break, is refused
  assert.throws(() => decodeCall(bytes.slice(0, -1)));
  assert.throws(() => decodeCall(Uint8Array.from([0x85, 1, 7, 5, 0x25, 0xff])));
});

test('hostile call messages: decodeCall throws only CallWireError, WebCalls.handle never throws', () => {
  const id = { high: -5764607523034234880n, low: 42n };
  const device = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);
  const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';
  const me = loadOrCreateIdentity(store());
  const them = loadOrCreateIdentity(store());
  const definite = [
    encodeCall({ type: 'webOffer', callId: id, seq: 0, callee: me.idBytes, timestampMillis: Date.now(), sdp }),
    encodeCall({ type: 'webAnswer', callId: id, seq: 1, sdp }, device),
    encodeCall({ type: 'ringing', callId: id, seq: 0 }, device),
    encodeCall({ type: 'candidates', callId: id, seq: 2, candidates: ['candidate:1 1 udp 1 10.0.0.1 5000 typ host'], end: true }),
    encodeCall({ type: 'cancel', callId: id, seq: 3, reason: 9 }, device),
    encodeCall({ type: 'hangup', callId: id, seq: 4, reason: 8 }, device),
    // S13: a conference host's roster (a browser only reads it, so it is written here by hand)
    cborEncode([1, 20, id.high, id.low, 5, 3n, [[me.idBytes, 1, -127], [them.idBytes, 6, -20]]]),
  ];
  // the same messages as Jackson writes them: indefinite-length arrays
  const indefinite = definite.map((b) => Uint8Array.from([0x9f, ...b.slice(1), 0xff]));
  const seeds = [...definite, ...indefinite];
  for (const s of seeds) assert.doesNotThrow(() => decodeCall(s));
  const calls = new WebCalls({
    identity: me, device, peerIdBytes: parsePeerId, send: async () => {}, createMedia: (o) => new FakeMedia(o),
    timers: { set: () => 0, clear: () => {} },
  });
  let state = 7;
  const rnd = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 20_000; i++) {
    const m = Uint8Array.from(seeds[i % seeds.length]);
    const cut = rnd() < 0.2 ? Math.floor(rnd() * m.length) : m.length;
    for (let j = 0; j < 1 + rnd() * 4; j++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
    const bytes = m.slice(0, cut);
    try {
      decodeCall(bytes);
    } catch (e) {
      assert.ok(e instanceof CallWireError, String(e));
    }
    assert.doesNotThrow(() => calls.handle(them, bytes));
    if (calls.call && calls.call.state !== 'ended' && rnd() < 0.5) calls.hangup();
  }
});

test('a caller that heard two devices ring cancels the other once one answers', async () => {
  const me = loadOrCreateIdentity(store());
  const them = loadOrCreateIdentity(store());
  const sent = [];
  const calls = new WebCalls({
    identity: me, device: null, peerIdBytes: parsePeerId,
    send: async (to, bytes) => { sent.push(decodeCall(bytes)); },
    createMedia: (o) => new FakeMedia(o),
  });
  calls.dial(them.peerId).catch(() => {});
  for (let i = 0; i < 3; i++) await tick();
  const id = calls.call.id;
  const d1 = Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1);
  const d2 = Uint8Array.of(2, 2, 2, 2, 2, 2, 2, 2);
  calls.handle(them, encodeCall({ type: 'ringing', callId: id, seq: 0 }, d1));
  calls.handle(them, encodeCall({ type: 'ringing', callId: id, seq: 0 }, d2));
  calls.handle(them, encodeCall({ type: 'webAnswer', callId: id, seq: 1, sdp: 'v=0' }, d2));
  // the other device's later messages are ignored
  calls.handle(them, encodeCall({ type: 'hangup', callId: id, seq: 2 }, d1));
  for (let i = 0; i < 3; i++) await tick();
  const cancel = sent.find((m) => m.type === 'cancel');
  assert.equal(cancel.reason, 'ANSWERED_ELSEWHERE');
  assert.deepEqual([...cancel.device], [...d2]);
  assert.equal(calls.call.state, 'active');
  calls.hangup();
});

test('an answered browser callee keeps its call on a CANCEL that spares its own device', async () => {
  const { a, b, A, B } = pair();
  const answered = A.dial(b.peerId);
  for (let i = 0; i < 5; i++) await tick();
  await B.answer();
  await answered;
  const id = B.call.id;
  // what a Java caller sends every other device of ours once we answered (S8 review)
  B.handle(a, encodeCall({ type: 'cancel', callId: id, seq: 90, reason: reason('ANSWERED_ELSEWHERE') }, B.o.device));
  for (let i = 0; i < 3; i++) await tick();
  assert.equal(B.call.state, 'active');
  // one sparing another device: that one took the call, not us
  B.handle(a, encodeCall({ type: 'cancel', callId: id, seq: 91, reason: reason('ANSWERED_ELSEWHERE') }, Uint8Array.of(7, 7, 7, 7, 7, 7, 7, 7)));
  for (let i = 0; i < 3; i++) await tick();
  assert.equal(B.call.state, 'ended');
});

test('at most 16 of the peer trickled candidates are used per call', async () => {
  const { b, A, B } = pair();
  const answered = A.dial(b.peerId);
  for (let i = 0; i < 5; i++) await tick();
  await B.answer();
  await answered;
  const id = A.call.id;
  const many = Array.from({ length: 40 }, (_, i) => 'candidate:' + i + ' 1 udp 1 10.0.0.' + i + ' 5000 typ host');
  A.handle(b, encodeCall({ type: 'candidates', callId: id, seq: 50, candidates: many, end: true }, B.o.device));
  for (let i = 0; i < 5; i++) await tick();
  const used = A.call.media.candidates.filter((c) => c !== null);
  assert.equal(used.length, 16);
  assert.ok(A.call.media.candidates.includes(null), 'end-of-candidates still passes');
  A.hangup();
});

test('a callee that rings and answers before the offer is acknowledged leaves no ring timer behind', async () => {
  // the overlay resolves send() with the node's route status, which may come after the callee's
  // RINGING and answer: the 10 s UNREACHABLE timer must not be armed then (it ended live calls)
  const a = loadOrCreateIdentity(store());
  const b = loadOrCreateIdentity(store());
  const live = new Set();
  const fakeTimers = { set: (f, ms) => { const t = { f, ms }; live.add(t); return t; }, clear: (t) => live.delete(t) };
  let A = null;
  const B = new WebCalls({
    identity: b, device: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), peerIdBytes: parsePeerId,
    send: async (to, bytes) => { setTimeout(() => A.handle(b, bytes)); },
    createMedia: (o) => new FakeMedia(o),
  });
  B.incomingHandlers.push(() => { B.answer(); });
  A = new WebCalls({
    identity: a, device: null, peerIdBytes: parsePeerId, timers: fakeTimers,
    send: async (to, bytes) => {
      setTimeout(() => B.handle(a, bytes));
      if (decodeCall(bytes).type === 'webOffer') {
        for (let i = 0; i < 10; i++) await tick(); // the status comes after RINGING and the answer
      }
    },
    createMedia: (o) => new FakeMedia(o),
  });
  const info = await A.dial(b.peerId);
  assert.equal(info.state, 'active');
  for (let i = 0; i < 12; i++) await tick();
  for (const t of [...live]) t.f(); // every timer still armed fires
  assert.equal(A.call.state, 'active', 'ended by a stale timer: ' + A.call.reason);
});

test('a call cancelled while the callee makes its answer sends no answer', async () => {
  const { b, A, B, wire } = pair();
  let release;
  B.o.createMedia = (o) => {
    const m = new FakeMedia(o);
    const answer = m.answer.bind(m);
    m.answer = async (sdp) => { await new Promise((r) => { release = r; }); return answer(sdp); };
    return m;
  };
  A.dial(b.peerId).catch(() => {});
  for (let i = 0; i < 5; i++) await tick();
  const answering = B.answer();
  for (let i = 0; i < 3; i++) await tick();
  A.hangup(); // CANCEL while B's answer is being made
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(B.call.state, 'ended');
  release();
  await assert.rejects(answering);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(wire.filter((w) => w.m.type === 'webAnswer').length, 0);
  assert.equal(B.call.media.closed, true);
});

// S7 tel: a device set to do not disturb answers BUSY late while others of its identity are online;
// the browser caller, as a Java one, ignores it while another device rings, and ends on a refusal
// when no other device rings. Fails without calls.js's anotherRings (the first BUSY ended the call).
test('a BUSY from one device is ignored while another device of the callee rings', async () => {
  const me = loadOrCreateIdentity(store());
  const them = loadOrCreateIdentity(store());
  const sent = [];
  const calls = new WebCalls({
    identity: me, device: null, peerIdBytes: parsePeerId,
    send: async (to, bytes) => { sent.push(decodeCall(bytes)); },
    createMedia: (o) => new FakeMedia(o),
  });
  const d1 = Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1);
  const d2 = Uint8Array.of(2, 2, 2, 2, 2, 2, 2, 2);
  calls.dial(them.peerId).catch(() => {});
  for (let i = 0; i < 3; i++) await tick();
  let id = calls.call.id;
  calls.handle(them, encodeCall({ type: 'ringing', callId: id, seq: 0 }, d2));
  calls.handle(them, encodeCall({ type: 'busy', callId: id, seq: 0 }, d1));
  assert.equal(calls.call.state, 'ringing', 'the late BUSY of the DND device changes nothing');
  calls.handle(them, encodeCall({ type: 'webAnswer', callId: id, seq: 1, sdp: 'v=0' }, d2));
  for (let i = 0; i < 3; i++) await tick();
  assert.equal(calls.call.state, 'active');
  calls.hangup();

  calls.dial(them.peerId).catch(() => {});
  for (let i = 0; i < 3; i++) await tick();
  id = calls.call.id;
  calls.handle(them, encodeCall({ type: 'busy', callId: id, seq: 0 }, d1));
  assert.equal(calls.call.state, 'ended', 'no other device rang: the BUSY ends the call');
  assert.equal(calls.call.reason, 'BUSY');

  calls.dial(them.peerId).catch(() => {});
  for (let i = 0; i < 3; i++) await tick();
  id = calls.call.id;
  calls.handle(them, encodeCall({ type: 'ringing', callId: id, seq: 0 }, d2));
  calls.handle(them, encodeCall({ type: 'busy', callId: id, seq: 0 }, d1));
  calls.handle(them, encodeCall({ type: 'cancel', callId: id, seq: 1, reason: reason('CLOSED') }, d2));
  assert.equal(calls.call.state, 'ended', 'the ringing device stopped too: the call ends');
});
// S7 webmedia: glare as on a Java phone (docs/calls.md): the smaller call id wins on both sides
test('call ids compare as unsigned 128-bit numbers, high half first', () => {
  assert.equal(compareIds({ high: 1n, low: 0n }, { high: -1n, low: 0n }), -1);
  assert.equal(compareIds({ high: 0n, low: -1n }, { high: 1n, low: 0n }), -1);
  assert.equal(compareIds({ high: 5n, low: -2n }, { high: 5n, low: 3n }), 1);
  assert.equal(compareIds({ high: 5n, low: 3n }, { high: 5n, low: 3n }), 0);
});

// Known ids, so that every order is covered on every run: who dials first, and whose id is smaller.
for (const [first, smaller] of [['A', 'A'], ['A', 'B'], ['B', 'A'], ['B', 'B']]) {
  test(`glare: both dial each other at once (${first} first, ${smaller}'s id smaller), the smaller call id rings, the other ends GLARE`, async () => {
    const small = () => ({ high: 1n, low: 0n });
    const large = () => ({ high: -1n, low: 0n }); // unsigned: 2^64 - 1 in the high half
    const { a, b, A, B, wire } = pair(smaller === 'A' ? { A: small, B: large } : { A: large, B: small });
    const rang = { A: [], B: [] };
    A.incomingHandlers.push((i) => rang.A.push(i));
    B.incomingHandlers.push((i) => rang.B.push(i));
    const ended = {};
    const dial = (side) => {
      const calls = side === 'A' ? A : B;
      const p = calls.dial(side === 'A' ? b.peerId : a.peerId).catch((e) => { ended[side] = e.reason; });
      return { id: calls.call.id, p };
    };
    const one = dial(first);
    const two = dial(first === 'A' ? 'B' : 'A');
    const ids = first === 'A' ? { A: one.id, B: two.id } : { A: two.id, B: one.id };
    for (let i = 0; i < 10; i++) await tick();
    const winner = compareIds(ids.A, ids.B) <= 0 ? 'A' : 'B';
    assert.equal(winner, smaller);
    const loser = winner === 'A' ? 'B' : 'A';
    const W = winner === 'A' ? A : B;
    const L = winner === 'A' ? B : A;
    assert.equal(ended[loser], 'GLARE');
    assert.equal(ended[winner], undefined);
    assert.equal(W.call.direction, 'outgoing');
    assert.equal(W.call.state, 'ringing');
    assert.equal(L.call.direction, 'incoming');
    assert.equal(L.call.state, 'incoming');
    assert.equal(rang[loser].length, 1);
    assert.equal(rang[winner].length, 0);
    assert.equal(wire.filter((w) => w.m.type === 'busy').length, 0);
    await L.answer();
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(W.call.state, 'active');
  });
}

// S13 (issue 17): a conference host's roster (CONFERENCE, type 20) on a browser's call
const roster = (c, seq, epoch, members, device) => {
  const a = [1, 20, c.id.high, c.id.low, seq, BigInt(epoch), members.map((m) => [parsePeerId(m.peer), m.flags, m.level])];
  if (device) a.push(device);
  return cborEncode(a);
};

test('a conference roster from the peer reaches the page on an answered call, newest epoch only', async () => {
  const { a, b, A, B } = pair();
  const seen = [];
  A.o.onConference = (members, info) => seen.push({ members, info });
  B.incomingHandlers.push(() => {});
  const answered = A.dial(b.peerId);
  for (let i = 0; i < 5; i++) await tick();
  const host = { peer: b.peerId, flags: 1, level: -127 };
  const me = { peer: a.peerId, flags: 0, level: -60 };
  const carol = { peer: loadOrCreateIdentity(store()).peerId, flags: 2 | 4, level: -20 };
  // ringing, not answered: a roster is ignored
  A.handle(b, roster(A.call, 90, 1, [host, me], B.o.device));
  assert.equal(seen.length, 0);
  await B.answer();
  await answered;
  A.handle(b, roster(A.call, 91, 3, [host, me, carol], B.o.device));
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0].members.map((m) => m.peer), [b.peerId, a.peerId, carol.peer]);
  assert.deepEqual(seen[0].members[0], { peer: b.peerId, host: true, speaking: false, level_dbov: -127, muted: false, held: false });
  assert.deepEqual(seen[0].members[2], { peer: carol.peer, host: false, speaking: true, level_dbov: -20, muted: true, held: false });
  assert.equal(A.info(A.call).conference.length, 3);
  // an older state arriving late is ignored; a newer empty one: the call left the conference
  A.handle(b, roster(A.call, 92, 2, [host, me], B.o.device));
  assert.equal(seen.length, 1);
  A.handle(b, roster(A.call, 93, 4, [], B.o.device));
  assert.equal(seen.length, 2);
  assert.deepEqual(seen[1].members, []);
  assert.equal(A.call.state, 'active');
  // a stranger's roster for this call id is not this call's
  const stranger = loadOrCreateIdentity(store());
  A.handle(stranger, roster(A.call, 94, 9, [host, me], null));
  assert.equal(seen.length, 2);
});

test('hostile rosters are refused whole: too many members, a member twice, bad flags or level', () => {
  const c = { id: { high: 1n, low: 2n } };
  const peer = (i) => { const p = new Uint8Array(20); p[0] = i; return p; };
  const raw = (members) => cborEncode([1, 20, 1n, 2n, 0, 1n, members]);
  const ok = decodeCall(raw([[peer(1), 1, 0]]));
  assert.equal(ok.type, 'conference');
  assert.equal(ok.members.length, 1);
  assert.throws(() => decodeCall(raw(Array.from({ length: 17 }, (_, i) => [peer(i), 0, -1]))), CallWireError);
  assert.throws(() => decodeCall(raw([[peer(1), 0, 0], [peer(1), 0, 0]])), CallWireError);
  assert.throws(() => decodeCall(raw([[peer(1), 16, 0]])), CallWireError);
  assert.throws(() => decodeCall(raw([[peer(1), 0, 1]])), CallWireError);
  assert.throws(() => decodeCall(raw([[peer(1), 0, -128]])), CallWireError);
  assert.throws(() => decodeCall(raw([[new Uint8Array(19), 0, 0]])), CallWireError);
  assert.throws(() => decodeCall(raw([[peer(1), 0]])), CallWireError);
  assert.throws(() => decodeCall(cborEncode([1, 20, 1n, 2n, 0, -1, []])), CallWireError);
  assert.throws(() => decodeCall(cborEncode([1, 20, 1n, 2n, 0])), CallWireError);
  assert.throws(() => encodeCall({ type: 'conference', callId: c.id, seq: 0 }), CallWireError);
});

// S21: a candidate the offer carries (gathered before it went) is not trickled again after RINGING
test('candidates in the offer are not trickled again; later ones and the end are', async () => {
  const { b, A, B, wire } = pair();
  const inOffer = 'candidate:7 1 udp 2122260223 10.0.0.7 7000 typ host generation 0';
  const later = 'candidate:8 1 tcp 1518280447 10.0.0.7 9 typ host tcptype active generation 0';
  A.o.createMedia = (o) => Object.assign(new FakeMedia(o), {
    async offer() {
      o.onCandidate(inOffer + ' ufrag abcd network-id 1'); // the event's string has more than the SDP
      setTimeout(() => { o.onCandidate(later); o.onCandidate(null); });
      return 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=' + inOffer + ' network-id 1\r\n';
    },
  });
  B.incomingHandlers.push(() => {});
  const answered = A.dial(b.peerId);
  for (let i = 0; i < 5; i++) await tick();
  await B.answer();
  await answered;
  for (let i = 0; i < 5; i++) await tick();
  const trickled = wire.filter((w) => w.m.type === 'candidates' && w.to === b.peerId)
    .flatMap((w) => [...w.m.candidates, ...(w.m.end ? [null] : [])]);
  assert.deepEqual(trickled, [later, null]);
});
