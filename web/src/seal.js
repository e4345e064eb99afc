// Sealed messages, as the Java SealedMessage and EnvelopeCodec: ChaCha20-Poly1305 (RFC 8439)
// under HKDF-SHA256 (RFC 5869; salt = sender id ‖ recipient id, info = "peervoice-seal-v1") of the
// X25519 (RFC 7748) secret between the two peers' keys, the header sender ‖ recipient ‖ nonce as
// associated data, then an Ed25519 signature over header ‖ ciphertext. On the wire, an envelope:
// [signingKey, agreementKey, recipient, nonce, ciphertext, signature].
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encode as cborEncode, decode as cborDecode } from './cbor.js';
import { ascii, concat, equal, hex } from './bytes.js';
import { publicIdentity } from './identity.js';

export const MAX_PAYLOAD = 60 * 1024;
const INFO = ascii('peervoice-seal-v1');

// S20: the keys are remembered per peer (SECRETS at most). S21: the X25519 secret is what is
// remembered, once for both directions (it is the same both ways): a call's first message from the
// peer (its RINGING) no longer pays an X25519 after we sealed our offer to it; each direction's key
// is derived from it by HKDF, which costs little.
const SECRETS = 256;
const secrets = new Map();

function secret(me, them) {
  const name = hex(me.agreementKey) + hex(them.agreementKey);
  let s = secrets.get(name);
  if (s) {
    secrets.delete(name); // the most recently used last: the first one is the one to forget
  } else {
    s = me.agree(them.agreementKey);
    if (secrets.size >= SECRETS) secrets.delete(secrets.keys().next().value);
  }
  secrets.set(name, s);
  return s;
}

function key(me, them, senderId, recipientId) {
  return hkdf(sha256, secret(me, them), concat(senderId, recipientId), INFO, 32);
}

/** S21: how many X25519 secrets are remembered (for tests). */
export const rememberedSecrets = () => secrets.size;

/**
 * S20: runs each primitive a call's messages need once (X25519, an Ed25519 signature and its
 * check), so that the first call's first message does not pay for the library's first use (about
 * 30 ms for the first Ed25519 check here).
 */
export function warmUp(me) {
  const data = ascii('peervoice-warm-up');
  publicIdentity(me.signingKey, me.agreementKey).verify(data, me.sign(data));
  me.agree(me.agreementKey);
}

/**
 * Seals {@code payload} from {@code from} (a secret identity) to {@code to} (a public one) and
 * returns the envelope's bytes. {@code nonce} (12 bytes) is drawn at random unless given.
 */
export function seal(from, to, payload, nonce = crypto.getRandomValues(new Uint8Array(12))) {
  if (payload.length > MAX_PAYLOAD) throw new Error('payload over ' + MAX_PAYLOAD + ' bytes');
  const header = concat(from.idBytes, to.idBytes, nonce);
  const ciphertext = chacha20poly1305(key(from, to, from.idBytes, to.idBytes), nonce, header)
    .encrypt(payload);
  const signature = from.sign(concat(header, ciphertext));
  return cborEncode([from.signingKey, from.agreementKey, to.idBytes, nonce, ciphertext, signature]);
}

/**
 * Opens an envelope sealed to {@code me}: {sender (public identity), payload}, or {rejected:
 * 'malformed' | 'wrong recipient' | 'bad signature' | 'decrypt failed'}. Never throws.
 */
export function open(me, envelope) {
  let a;
  try {
    a = cborDecode(envelope);
  } catch {
    return { rejected: 'malformed' };
  }
  const isBytes = (v, min, max) => v instanceof Uint8Array && v.length >= min && v.length <= max;
  if (!Array.isArray(a) || a.length !== 6 || !isBytes(a[0], 32, 32) || !isBytes(a[1], 32, 32)
    || !isBytes(a[2], 20, 20) || !isBytes(a[3], 12, 12) || !isBytes(a[4], 16, MAX_PAYLOAD + 16)
    || !isBytes(a[5], 64, 64)) {
    return { rejected: 'malformed' };
  }
  const [signingKey, agreementKey, recipient, nonce, ciphertext, signature] = a;
  const sender = publicIdentity(signingKey, agreementKey);
  if (!equal(recipient, me.idBytes)) return { rejected: 'wrong recipient' };
  const header = concat(sender.idBytes, recipient, nonce);
  if (!sender.verify(concat(header, ciphertext), signature)) return { rejected: 'bad signature' };
  try {
    const payload = chacha20poly1305(key(me, sender, sender.idBytes, recipient), nonce, header)
      .decrypt(ciphertext);
    return { sender, payload };
  } catch {
    return { rejected: 'decrypt failed' };
  }
}
