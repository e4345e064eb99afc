// The overlay's messages (docs/protocol.md, "Messages"): one CBOR array
// [version = 1, type, tx, field...]. The same bytes as the Java WireCodec, checked against its
// vectors (test/vectors.json). Decoding checks every field's type and size and throws only
// WireError; fields a newer minor version appended are ignored.
import { encode as cborEncode, decode as cborDecode, CborError } from './cbor.js';

export class WireError extends Error {}

export const VERSION = 1;
export const MAX_FRAGMENT = 1100;
export const MAX_FRAGMENTS = 16;
export const MAX_RECORD = 1024;

export const TYPES = {
  ping: 1, pong: 2, findNode: 3, nodes: 4, store: 5, findRecord: 6, record: 7, attach: 8,
  publish: 9, lookup: 10, route: 11, deliver: 12, status: 13, hello: 14, cookie: 15,
  forward: 17,
};

/** STATUS codes (docs/protocol.md). */
export const STATUS = {
  OK: 0, REJECTED_RECORD: 1, BAD_ATTACH: 2, NOT_ATTACHED: 3, PEER_TIMEOUT: 4, RATE_LIMITED: 5,
  OVERLOADED: 6, TOO_LARGE: 7, NOT_ATTACHED_SENDER: 8, NOT_A_NODE: 9, NOT_LISTED: 10,
  QUOTA_EXCEEDED: 11,
};

// The fields after tx, by type: [name, kind, min, max]; kind b = bytes, i = integer, c = contacts.
// 'opt' bytes are empty or exactly max long. Fields after the first '+' are appended (optional).
const FIELDS = {
  1: [['nonce', 'opt', 0, 16], ['senderKey', 'opt', 0, 32]],
  2: [['observedIp', 'ip'], ['observedPort', 'i', 0, 0xffff], ['nodeKey', 'opt', 0, 32],
    ['signature', 'opt', 0, 64], '+', ['attached', 'i', 0, 1], ['devices', 'i', 0, 255]],
  3: [['target', 'b', 20, 20], ['senderKey', 'opt', 0, 32]],
  4: [['contacts', 'c']],
  5: [['record', 'b', 1, MAX_RECORD], ['senderKey', 'opt', 0, 32]],
  6: [['peer', 'b', 20, 20], ['senderKey', 'opt', 0, 32]],
  7: [['record', 'b', 0, MAX_RECORD], ['contacts', 'c']],
  8: [['signingKey', 'b', 32, 32], ['agreementKey', 'b', 32, 32], ['node', 'b', 20, 20],
    ['timestamp', 'i'], ['signature', 'b', 64, 64], '+', ['cookie', 'opt', 0, 20],
    ['device', 'opt', 0, 8]],
  9: [['record', 'b', 1, MAX_RECORD]],
  10: [['peer', 'b', 20, 20]],
  11: [['target', 'b', 20, 20], ['messageId', 'i'], ['fragment', 'i', 0, MAX_FRAGMENTS - 1],
    ['fragments', 'i', 1, MAX_FRAGMENTS], ['payload', 'b', 1, MAX_FRAGMENT]],
  12: [['messageId', 'i'], ['fragment', 'i', 0, MAX_FRAGMENTS - 1],
    ['fragments', 'i', 1, MAX_FRAGMENTS], ['payload', 'b', 1, MAX_FRAGMENT]],
  13: [['code', 'i', 0, 255], ['value', 'i']],
  14: [['cookie', 'opt', 0, 20], ['padding', 'b', 0, 256]],
  15: [['cookie', 'b', 20, 20]],
};
FIELDS[17] = FIELDS[11]; // FORWARD: a ROUTE the node sends on to the target's own nodes

const NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));
const EMPTY = new Uint8Array(0);

/** Encodes {@code msg}: {type: 'route', tx, ...fields}. Missing byte fields are empty. */
export function encodeMsg(msg) {
  const type = TYPES[msg.type];
  if (!type) throw new WireError('unknown message type ' + msg.type);
  const out = [VERSION, type, BigInt(msg.tx)];
  let appended = false;
  for (const f of FIELDS[type]) {
    if (f === '+') {
      appended = true;
      continue;
    }
    const [name, kind] = f;
    let v = msg[name];
    if (type === 2 && name === 'attached') v = v ? 1 : 0;
    if (type === 2 && name === 'devices' && (v === undefined || v === (msg.attached ? 1 : 0))) continue;
    if (type === 8 && name === 'device' && (v === undefined || v.length === 0)) continue;
    if (appended && v === undefined) continue;
    if (kind === 'c') v = (v || []).map((c) => [c.id, c.ip, c.port]);
    else if (kind === 'b' || kind === 'opt' || kind === 'ip') v = v || EMPTY;
    else v = BigInt(v ?? 0);
    out.push(v);
  }
  return cborEncode(out);
}

/** Decodes one datagram into {type, tx, ...fields}; integers that may be large are bigints. */
export function decodeMsg(data) {
  let a;
  try {
    a = cborDecode(data);
  } catch (e) {
    throw new WireError(e instanceof CborError ? 'not CBOR: ' + e.message : String(e));
  }
  if (!Array.isArray(a) || a.length < 3) throw new WireError('not a message');
  const version = int(a[0], 'version', 0, 255);
  if (version !== VERSION) throw new WireError('unsupported version ' + version);
  const type = Number(int(a[1], 'type', 0, 255));
  const fields = FIELDS[type];
  if (!fields) throw new WireError('unknown message type ' + type);
  const msg = { type: NAMES[type], tx: big(a[2], 'tx') };
  let i = 3;
  let appended = false;
  for (const f of fields) {
    if (f === '+') {
      appended = true;
      continue;
    }
    const [name, kind, min, max] = f;
    if (i >= a.length) {
      if (appended) break;
      throw new WireError('missing ' + name);
    }
    const v = a[i++];
    if (kind === 'i') msg[name] = min === undefined ? big(v, name) : Number(int(v, name, min, max));
    else if (kind === 'b') msg[name] = bytes(v, name, min, max);
    else if (kind === 'opt') {
      msg[name] = bytes(v, name, 0, max);
      if (msg[name].length !== 0 && msg[name].length !== max) {
        throw new WireError(name + ' must be empty or ' + max + ' bytes');
      }
    } else if (kind === 'ip') {
      msg[name] = bytes(v, name, 4, 16);
      if (msg[name].length !== 4 && msg[name].length !== 16) throw new WireError('ip must be 4 or 16 bytes');
    } else msg[name] = contacts(v);
  }
  if (type === 2) {
    msg.attached = msg.attached === 1;
    if (msg.devices === undefined) msg.devices = msg.attached ? 1 : 0;
  }
  if ((type === 11 || type === 12 || type === 17) && msg.fragment >= msg.fragments) {
    throw new WireError('fragment ' + msg.fragment + ' of ' + msg.fragments);
  }
  return msg;
}

function int(v, name, min, max) {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new WireError(name + ': not an integer');
  if (BigInt(v) < BigInt(min) || BigInt(v) > BigInt(max)) throw new WireError(name + ' out of range');
  return v;
}

/** {@code v} as a bigint if it is a signed 64-bit integer (as Java's long); WireError if not. */
export function big(v, name) {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new WireError(name + ': not an integer');
  const b = BigInt(v);
  if (b < -(1n << 63n) || b >= 1n << 63n) throw new WireError(name + ': out of range');
  return b;
}

function bytes(v, name, min, max) {
  if (!(v instanceof Uint8Array)) throw new WireError(name + ': not a byte string');
  if (v.length < min || v.length > max) {
    throw new WireError(name + ' must be ' + min + '..' + max + ' bytes, not ' + v.length);
  }
  return v;
}

function contacts(v) {
  if (!Array.isArray(v)) throw new WireError('contacts: not an array');
  if (v.length > 20) throw new WireError('more than 20 contacts');
  return v.map((c) => {
    if (!Array.isArray(c) || c.length !== 3) throw new WireError('contact: not [id, ip, port]');
    const ip = bytes(c[1], 'ip', 4, 16);
    if (ip.length !== 4 && ip.length !== 16) throw new WireError('ip must be 4 or 16 bytes');
    return { id: bytes(c[0], 'id', 20, 20), ip, port: Number(int(c[2], 'port', 1, 0xffff)) };
  });
}
