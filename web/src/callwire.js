// Call messages of a web call (docs/calls.md, docs/webrtc.md): one CBOR array
// [1, type, callId.high, callId.low, seq, fields..., device], as the Java CallWire writes them.
// A browser speaks the WebRTC profile: WEB_OFFER (40) and WEB_ANSWER (41) carry JSEP SDP; RINGING,
// CANDIDATES, DECLINE, BUSY, CANCEL and HANGUP are the ordinary ones; CONFERENCE (20, S13) is the
// roster a conference host sends its participants (docs/conference.md), decoded only. Decoding
// checks every field's type and size and throws only CallWireError.
import { encode as cborEncode, decode as cborDecode } from './cbor.js';
import { base32 } from './bytes.js';

export class CallWireError extends Error {}

export const CALL = {
  invite: 1, ringing: 2, decline: 4, busy: 5, cancel: 6, hangup: 7, candidates: 8,
  conference: 20, webOffer: 40, webAnswer: 41,
};
const NAMES = Object.fromEntries(Object.entries(CALL).map(([k, v]) => [v, k]));

/** EndReason ordinals (the Java enum; new values only at the end). */
export const REASONS = [
  'LOCAL_HANGUP', 'REMOTE_HANGUP', 'DECLINED', 'BUSY', 'NO_ANSWER', 'CANCELLED', 'UNREACHABLE',
  'GLARE', 'MEDIA_FAILED', 'REJECTED', 'CLOSED', 'ERROR', 'PEER_VANISHED', 'NO_AUDIO',
  'DEVICE_FAILED', 'ANSWERED_ELSEWHERE', 'TRANSFERRED', 'DO_NOT_DISTURB',
];
export const reason = (name) => {
  const i = REASONS.indexOf(name);
  if (i < 0) throw new CallWireError('unknown end reason ' + name);
  return i;
};

export const MAX_SDP = 12 * 1024;
/** The most members one conference state lists (the Java CallMessage.Conference.MAX_MEMBERS). */
export const MAX_MEMBERS = 16;
export const MAX_CANDIDATES = 64;
const MAX_CANDIDATE = 512;
const DEVICE = 8;

/** A new call id: 16 random bytes read as two signed big-endian 64-bit integers. */
export function newCallId() {
  const v = new DataView(crypto.getRandomValues(new Uint8Array(16)).buffer);
  return { high: v.getBigInt64(0), low: v.getBigInt64(8) };
}

export const callKey = (id) => id.high + ':' + id.low;

/**
 * Encodes {type, callId: {high, low}, seq, ...fields} with {@code device} (8 bytes) appended when
 * given: everything a callee sends names its device.
 */
export function encodeCall(m, device) {
  const type = CALL[m.type];
  if (!type) throw new CallWireError('unknown call message ' + m.type);
  const a = [1, type, BigInt(m.callId.high), BigInt(m.callId.low), m.seq];
  switch (m.type) {
    case 'webOffer':
      a.push(m.callee, BigInt(m.timestampMillis), m.sdp);
      break;
    case 'webAnswer':
      a.push(m.sdp);
      break;
    case 'ringing':
      a.push(new Uint8Array(0));
      break;
    case 'cancel':
      a.push(m.reason ?? reason('CANCELLED'));
      break;
    case 'hangup':
      if ((m.reason ?? 0) !== 0 || device) a.push(m.reason ?? 0);
      break;
    case 'candidates':
      a.push(m.candidates, m.end ? 1 : 0);
      break;
    case 'conference':
      throw new CallWireError('a browser hosts no conference: it only reads the roster');
    default:
  }
  if (device) a.push(device);
  return cborEncode(a);
}

/**
 * Decodes a call message: {type (name, or 'unknown'), typeNumber, callId, seq, fields..., device
 * (Uint8Array or null)}. Types this client does not speak decode as 'unknown' with their header
 * only. Throws CallWireError for anything that is not a call message.
 */
export function decodeCall(data) {
  let a;
  try {
    a = cborDecode(data);
  } catch (e) {
    throw new CallWireError('not CBOR: ' + e.message);
  }
  if (!Array.isArray(a) || a.length < 5) throw new CallWireError('not a call message');
  if (a[0] !== 1) throw new CallWireError('unsupported call protocol version');
  const typeNumber = int(a[1], 'type', 1, 255);
  const m = {
    type: NAMES[typeNumber] ?? 'unknown',
    typeNumber,
    callId: { high: long(a[2], 'callId.high'), low: long(a[3], 'callId.low') },
    seq: int(a[4], 'seq', 0, 0x7fffffff),
    device: null,
  };
  let i = 5;
  const next = (name) => {
    if (i >= a.length) throw new CallWireError('missing ' + name);
    return a[i++];
  };
  switch (m.type) {
    case 'webOffer':
      m.callee = bytes(next('callee'), 'callee', 20, 20);
      m.timestampMillis = Number(long(next('timestamp'), 'timestamp'));
      m.sdp = text(next('sdp'), 'sdp', MAX_SDP);
      break;
    case 'webAnswer':
      m.sdp = text(next('sdp'), 'sdp', MAX_SDP);
      break;
    case 'ringing':
      bytes(next('description'), 'description', 0, MAX_SDP);
      break;
    case 'cancel':
      m.reason = REASONS[int(next('reason'), 'reason', 0, 255)] ?? 'CANCELLED';
      break;
    case 'hangup':
      m.reason = i < a.length && typeof a[i] === 'number' ? REASONS[int(a[i++], 'reason', 0, 255)] ?? 'LOCAL_HANGUP' : 'LOCAL_HANGUP';
      break;
    case 'candidates': {
      const list = next('candidates');
      if (!Array.isArray(list) || list.length > MAX_CANDIDATES) throw new CallWireError('candidates: not a list of at most ' + MAX_CANDIDATES);
      m.candidates = list.map((c) => text(c, 'candidate', MAX_CANDIDATE));
      m.end = int(next('end'), 'end', 0, 1) === 1;
      break;
    }
    case 'conference': {
      m.epoch = long(next('epoch'), 'epoch');
      if (m.epoch < 0n) throw new CallWireError('epoch: negative');
      const list = next('members');
      if (!Array.isArray(list) || list.length > MAX_MEMBERS) throw new CallWireError('members: not a list of at most ' + MAX_MEMBERS);
      const seen = new Set();
      m.members = list.map((e) => {
        if (!Array.isArray(e) || e.length !== 3) throw new CallWireError('member: not [peer, flags, level]');
        const peer = bytes(e[0], 'member.peer', 20, 20);
        const flags = int(e[1], 'member.flags', 0, 15);
        const level = int(e[2], 'member.level', -127, 0);
        const id = base32(peer);
        if (seen.has(id)) throw new CallWireError('members: a member listed twice');
        seen.add(id);
        // the field names of a Java participant's report (docs/conference.md)
        return {
          peer: id, host: (flags & 1) !== 0, speaking: (flags & 2) !== 0, level_dbov: level, muted: (flags & 4) !== 0, held: (flags & 8) !== 0,
        };
      });
      break;
    }
    case 'unknown':
    case 'invite':
      return m; // header only: the rest is not read
    default:
  }
  if (i < a.length && a[i] instanceof Uint8Array) m.device = bytes(a[i++], 'device', DEVICE, DEVICE);
  return m;
}

function int(v, name, min, max) {
  if (typeof v !== 'number' || v < min || v > max) throw new CallWireError(name + ' out of range');
  return v;
}

function long(v, name) {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new CallWireError(name + ': not an integer');
  const b = BigInt(v);
  if (b < -(1n << 63n) || b >= 1n << 63n) throw new CallWireError(name + ' out of range');
  return b;
}

function bytes(v, name, min, max) {
  if (!(v instanceof Uint8Array) || v.length < min || v.length > max) {
    throw new CallWireError(name + ' must be ' + min + '..' + max + ' bytes');
  }
  return v;
}

function text(v, name, max) {
  if (typeof v !== 'string' || v.length < 1 || v.length > max) {
    throw new CallWireError(name + ' must be text of 1..' + max + ' characters');
  }
  return v;
}
