// A location record (docs/protocol.md, "Location record"), as the Java LocationRecord and
// RecordCodec: the CBOR form [signingKey, agreementKey, [[nodeId, host, port (, tcp, tls)]...],
// sequence, expiresMillis, signature], signed over canonical bytes: the domain
// peervoice-location-v1 (or -v2 when a node names stream ports), both keys, the nodes as
// id ‖ len ‖ host ‖ port (‖ tcp ‖ tls), the sequence and the expiry as big-endian 64-bit integers.
import { encode as cborEncode, decode as cborDecode } from './cbor.js';
import { ascii, be, concat, equal } from './bytes.js';
import { publicIdentity } from './identity.js';
import { big, WireError } from './wire.js';

export const MAX_NODES = 8;
/** The furthest expiry a client accepts, as Java's ClientCore (LocationRecord.check): one day. */
export const MAX_LIFETIME_MILLIS = 86_400_000;
const V1 = ascii('peervoice-location-v1');
const V2 = ascii('peervoice-location-v2');

const hasStreams = (n) => (n.tcpPort || 0) !== 0 || (n.tlsPort || 0) !== 0;

/** The canonical bytes a record's signature covers. */
export function signedBytes(signingKey, agreementKey, nodes, sequence, expiresMillis) {
  const streams = nodes.some(hasStreams);
  const parts = [streams ? V2 : V1, signingKey, agreementKey, Uint8Array.of(nodes.length)];
  for (const n of nodes) {
    const host = ascii(n.host);
    if (host.length < 1 || host.length > 255) throw new Error('node host must be 1..255 bytes');
    parts.push(n.id, Uint8Array.of(host.length), host, be(n.port, 2));
    if (streams) parts.push(be(n.tcpPort || 0, 2), be(n.tlsPort || 0, 2));
  }
  parts.push(be(sequence, 8), be(expiresMillis, 8));
  return concat(...parts);
}

/** Signs a record for {@code identity} (from identity.js) listing {@code nodes}. */
export function signRecord(identity, nodes, sequence, expiresMillis) {
  if (nodes.length > MAX_NODES) throw new Error('a location record lists at most 8 nodes');
  const body = signedBytes(identity.signingKey, identity.agreementKey, nodes, sequence, expiresMillis);
  return {
    identity: identity.public,
    nodes,
    sequence: BigInt(sequence),
    expiresMillis: BigInt(expiresMillis),
    signature: identity.sign(body),
  };
}

/** The record's CBOR form, byte for byte as RecordCodec writes it. */
export function encodeRecord(r) {
  return cborEncode([
    r.identity.signingKey,
    r.identity.agreementKey,
    r.nodes.map((n) =>
      hasStreams(n) ? [n.id, n.host, n.port, n.tcpPort || 0, n.tlsPort || 0] : [n.id, n.host, n.port],
    ),
    BigInt(r.sequence),
    BigInt(r.expiresMillis),
    r.signature,
  ]);
}

/** Decodes a record's fields (signature not checked: {@link checkRecord}); throws on bad input. */
export function decodeRecord(bytes) {
  if (bytes.length > 1024) throw new WireError('record over 1024 bytes');
  const a = cborDecode(bytes);
  const isBytes = (v, n) => v instanceof Uint8Array && v.length === n;
  if (!Array.isArray(a) || a.length !== 6 || !isBytes(a[0], 32) || !isBytes(a[1], 32)
    || !Array.isArray(a[2]) || a[2].length > MAX_NODES || !isBytes(a[5], 64)) {
    throw new WireError('malformed record');
  }
  const port = (v, min) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 0xffff) {
      throw new WireError('malformed record port');
    }
    return v;
  };
  const nodes = a[2].map((n) => {
    if (!Array.isArray(n) || (n.length !== 3 && n.length !== 5) || !isBytes(n[0], 20)
      || typeof n[1] !== 'string' || n[1].length > 255) {
      throw new WireError('malformed record node');
    }
    return {
      id: n[0], host: n[1], port: port(n[2], 1),
      tcpPort: n.length === 5 ? port(n[3], 0) : 0, tlsPort: n.length === 5 ? port(n[4], 0) : 0,
    };
  });
  return {
    identity: publicIdentity(a[0], a[1]),
    nodes,
    sequence: big(a[3], 'sequence'),
    expiresMillis: big(a[4], 'expires'),
    signature: a[5],
  };
}

/** Why a record is not good for {@code peerIdBytes} now, or null if it is. */
export function checkRecord(r, peerIdBytes, nowMillis) {
  if (!equal(r.identity.idBytes, peerIdBytes)) return 'wrong peer id';
  const body = signedBytes(r.identity.signingKey, r.identity.agreementKey, r.nodes, r.sequence, r.expiresMillis);
  if (!r.identity.verify(body, r.signature)) return 'bad signature';
  if (r.expiresMillis <= BigInt(nowMillis)) return 'expired';
  if (r.expiresMillis > BigInt(nowMillis) + BigInt(MAX_LIFETIME_MILLIS)) return 'expires too late';
  return null;
}
