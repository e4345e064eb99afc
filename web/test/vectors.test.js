// The browser client against the Java code's own vectors (vectors.json, made and checked by the
// Java WebVectorsTest): identities, records, sealed envelopes and overlay messages, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hex, unhex, ascii, be, concat } from '../src/bytes.js';
import { identityFrom } from '../src/identity.js';
import { decodeMsg, encodeMsg, WireError } from '../src/wire.js';
import { checkRecord, decodeRecord, encodeRecord, signRecord } from '../src/record.js';
import { open, seal } from '../src/seal.js';
import { decode as cborDecode, encode as cborEncode, CborError } from '../src/cbor.js';
import { decodeCall } from '../src/callwire.js';

const v = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
const a = identityFrom(unhex(v.a_ed25519_seed), unhex(v.a_x25519_secret));
const b = identityFrom(unhex(v.b_ed25519_seed), unhex(v.b_x25519_secret));

test('identities: public keys and PeerIds as Java derives them', () => {
  for (const [id, p] of [[a, 'a'], [b, 'b']]) {
    assert.equal(hex(id.signingKey), v[p + '_signing_key']);
    assert.equal(hex(id.agreementKey), v[p + '_agreement_key']);
    assert.equal(id.peerId, v[p + '_peer_id']);
  }
});

test('every message decodes and encodes to the same bytes', () => {
  for (const name of Object.keys(v).filter((k) => k.startsWith('msg_'))) {
    const msg = decodeMsg(unhex(v[name]));
    assert.equal(hex(encodeMsg(msg)), v[name], name);
  }
});

test('message fields', () => {
  const route = decodeMsg(unhex(v.msg_route));
  assert.equal(route.type, 'route');
  assert.equal(route.tx, 1n << 40n);
  assert.equal(route.messageId, -5_000_000_000n);
  assert.equal(route.fragment, 1);
  assert.equal(route.fragments, 2);
  assert.equal(hex(route.target), hex(b.idBytes));
  const deliver = decodeMsg(unhex(v.msg_deliver));
  assert.equal(deliver.tx, (1n << 63n) - 1n);
  assert.equal(hex(deliver.payload), v.payload);
  const pong = decodeMsg(unhex(v.msg_pong_devices));
  assert.equal(pong.attached, true);
  assert.equal(pong.devices, 3);
  assert.equal(decodeMsg(unhex(v.msg_pong)).devices, 1);
  assert.equal(decodeMsg(unhex(v.msg_status_value)).value, 70_000n);
  const forward = decodeMsg(unhex(v.msg_forward));
  assert.equal(forward.type, 'forward');
  assert.equal(forward.messageId, 42n);
  assert.equal(forward.fragments, 3);
  assert.equal(hex(forward.target), hex(b.idBytes));
});

test('an ATTACH signed here is the one Java signed (v3 domain, deterministic Ed25519)', () => {
  const attach = decodeMsg(unhex(v.msg_attach));
  const signed = concat(ascii('peervoice-attach-v3'), unhex(v.node_id), attach.cookie,
    be(BigInt(v.attach_timestamp), 8), attach.device);
  assert.equal(hex(a.sign(signed)), hex(attach.signature));
  const mine = encodeMsg({
    type: 'attach', tx: 3n, signingKey: a.signingKey, agreementKey: a.agreementKey,
    node: unhex(v.node_id), timestamp: BigInt(v.attach_timestamp), signature: a.sign(signed),
    cookie: attach.cookie, device: attach.device,
  });
  assert.equal(hex(mine), v.msg_attach);
});

test('records: Java records check here, and records signed here are Java bytes', () => {
  for (const name of ['record', 'record_plain']) {
    const r = decodeRecord(unhex(v[name]));
    assert.equal(hex(encodeRecord(r)), v[name]);
    const again = signRecord(a, r.nodes, r.sequence, r.expiresMillis);
    assert.equal(hex(encodeRecord(again)), v[name], name);
  }
  const r = decodeRecord(unhex(v.record));
  const hourBefore = Number(r.expiresMillis) - 3_600_000;
  assert.equal(checkRecord(r, a.idBytes, hourBefore), null);
  assert.equal(checkRecord(r, a.idBytes, Date.UTC(2026, 0, 1)), 'expires too late'); // as Java's
  const fields = cborDecode(unhex(v.record));
  assert.throws(() => decodeRecord(cborEncode([...fields, 0])), WireError); // one field too many
  assert.throws(() => decodeRecord(cborEncode(fields.with(3, 'x'))), WireError);
  assert.equal(checkRecord(r, b.idBytes, 0), 'wrong peer id');
  const plain = decodeRecord(unhex(v.record_plain));
  assert.equal(checkRecord(plain, a.idBytes, 10), 'expired');
  const forged = decodeRecord(unhex(v.record));
  forged.nodes[0].port = 7500;
  assert.equal(checkRecord(forged, a.idBytes, 0), 'bad signature');
});

test('sealed envelopes: Java opens here, and sealing here gives the Java bytes', () => {
  const opened = open(b, unhex(v.envelope));
  assert.equal(opened.rejected, undefined);
  assert.equal(hex(opened.payload), v.payload);
  assert.equal(opened.sender.peerId, a.peerId);
  assert.equal(hex(seal(a, b.public, unhex(v.payload), unhex(v.nonce))), v.envelope);
  assert.equal(open(a, unhex(v.envelope)).rejected, 'wrong recipient');
  const tampered = unhex(v.envelope);
  tampered[tampered.length - 70] ^= 1; // in the ciphertext
  assert.equal(open(b, tampered).rejected, 'bad signature');
});

test('hostile bytes: only WireError / CborError, never anything else', () => {
  const seeds = Object.keys(v).filter((k) => k.startsWith('msg_')).map((k) => unhex(v[k]));
  let state = 1;
  const rnd = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 20_000; i++) {
    const m = Uint8Array.from(seeds[i % seeds.length]);
    const cut = rnd() < 0.2 ? Math.floor(rnd() * m.length) : m.length;
    for (let j = 0; j < 1 + rnd() * 4; j++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
    try {
      decodeMsg(m.slice(0, cut));
    } catch (e) {
      assert.ok(e instanceof WireError, String(e));
    }
    try {
      cborDecode(m.slice(0, cut));
    } catch (e) {
      assert.ok(e instanceof CborError, String(e));
    }
  }
  for (let i = 0; i < 20_000; i++) {
    const m = unhex(v[i % 2 ? 'record' : 'record_plain']);
    const cut = rnd() < 0.2 ? Math.floor(rnd() * m.length) : m.length;
    for (let j = 0; j < 1 + rnd() * 4; j++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
    try {
      decodeRecord(m.slice(0, cut));
    } catch (e) {
      assert.ok(e instanceof WireError || e instanceof CborError, String(e));
    }
  }
});

test("a conference host's roster, as the Java CallWire writes it, decodes with every flag", () => {
  const m = decodeCall(unhex(v.call_conference));
  assert.equal(m.type, 'conference');
  assert.equal(m.callId.high, -5764607523034234880n);
  assert.equal(m.callId.low, 42n);
  assert.equal(m.seq, 3);
  assert.equal(m.epoch, 7n);
  assert.deepEqual(m.members, [
    { peer: v.a_peer_id, host: true, speaking: false, level_dbov: -127, muted: false, held: false },
    { peer: v.b_peer_id, host: false, speaking: true, level_dbov: -20, muted: true, held: true },
  ]);
});
