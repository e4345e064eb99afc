// Byte helpers shared by the client's modules.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export const ascii = (s) => new TextEncoder().encode(s);

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equal(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

/** {@code value} as {@code n} big-endian bytes (a number or bigint, not negative). */
export function be(value, n) {
  let v = BigInt(value);
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function unhex(s) {
  if (s.length % 2 !== 0 || /[^0-9a-f]/i.test(s)) throw new Error('not hex');
  return Uint8Array.from(s.match(/../g) || [], (h) => parseInt(h, 16));
}

export function base64(b) {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

export function unbase64(s) {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

/** RFC 4648 base32, lowercase, no padding: how a PeerId is written. */
export function base32(bytes) {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = ((buffer << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Parses a PeerId's 32 base32 characters into its 20 bytes; throws saying what is wrong. */
export function parsePeerId(text) {
  const s = String(text).trim().toLowerCase();
  if (s.length !== 32) throw new Error('a PeerId is 32 base32 characters (a-z, 2-7), got ' + s.length);
  const out = new Uint8Array(20);
  let buffer = 0;
  let bits = 0;
  let pos = 0;
  for (const c of s) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw new Error("not a base32 character '" + c + "' in PeerId " + text);
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[pos++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}
