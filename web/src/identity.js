// A peer's identity, as the Java Identity: an Ed25519 signing key pair (RFC 8032) and an X25519
// key-agreement key pair (RFC 7748), from @noble/curves. The PeerId is the first 160 bits of
// SHA-256 over the Ed25519 public key, written in base32.
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base32, base64, unbase64, equal } from './bytes.js';

/** The PeerId's 20 bytes of an Ed25519 public key. */
export const peerIdBytes = (signingKey) => sha256(signingKey).slice(0, 20);

/** The base32 PeerId of an Ed25519 public key. */
export const peerIdOf = (signingKey) => base32(peerIdBytes(signingKey));

/** Anyone's public identity: both public keys and the id derived from the signing key. */
export function publicIdentity(signingKey, agreementKey) {
  if (signingKey.length !== 32 || agreementKey.length !== 32) {
    throw new Error('Ed25519 and X25519 public keys are 32 bytes each');
  }
  const idBytes = peerIdBytes(signingKey);
  return {
    signingKey,
    agreementKey,
    idBytes,
    peerId: base32(idBytes),
    verify: (data, signature) => {
      try {
        return signature.length === 64 && ed25519.verify(signature, data, signingKey);
      } catch {
        return false;
      }
    },
  };
}

/** A secret identity from its two 32-byte secrets (the Ed25519 seed and the X25519 scalar). */
export function identityFrom(edSeed, xSecret) {
  const pub = publicIdentity(ed25519.getPublicKey(edSeed), x25519.getPublicKey(xSecret));
  return {
    ...pub,
    public: publicIdentity(pub.signingKey, pub.agreementKey),
    edSeed,
    xSecret,
    sign: (data) => ed25519.sign(data, edSeed),
    agree: (theirAgreementKey) => x25519.getSharedSecret(xSecret, theirAgreementKey),
  };
}

/** A new identity from the platform's secure random numbers. */
export function generateIdentity() {
  const r = crypto.getRandomValues(new Uint8Array(64));
  return identityFrom(r.slice(0, 32), r.slice(32));
}

const STORE_KEY = 'peervoice.identity.v1';

/** The stored identity cannot be read; its message says what the user can do. */
export class IdentityStoreError extends Error {}

/**
 * The identity kept in {@code storage} (localStorage by default), created and kept on first use.
 * Stored as JSON with both secrets in base64 and the PeerId, checked when loaded.
 */
export function loadOrCreateIdentity(storage = globalThis.localStorage) {
  const text = storage ? storage.getItem(STORE_KEY) : null;
  if (text) {
    let id;
    let why;
    try {
      const j = JSON.parse(text);
      id = identityFrom(unbase64(j.ed25519), unbase64(j.x25519));
      if (id.peerId !== j.peerId) why = 'its keys do not match its PeerId';
    } catch (e) {
      why = e.message || String(e);
    }
    if (why) {
      // never replaced silently: the old PeerId is what others know this browser by
      throw new IdentityStoreError(
        'The PeerVoice identity stored in this browser (localStorage "' + STORE_KEY + '") is'
          + ' corrupt (' + why + '). Restore it from a backup, or delete that entry in the'
          + " browser's site data to start with a new identity (a new PeerId).",
      );
    }
    return id;
  }
  const id = generateIdentity();
  if (storage) {
    storage.setItem(
      STORE_KEY,
      JSON.stringify({ peerId: id.peerId, ed25519: base64(id.edSeed), x25519: base64(id.xSecret) }),
    );
  }
  return id;
}

export const sameKeys = (a, b) =>
  equal(a.signingKey, b.signingKey) && equal(a.agreementKey, b.agreementKey);
