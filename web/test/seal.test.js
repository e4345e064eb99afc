// S20: the seal keys remembered per peer: each direction and each peer gets its own key, a message
// still opens only for its recipient, and a cached key never opens another sender's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, rememberedSecrets, seal, warmUp } from '../src/seal.js';
import { generateIdentity } from '../src/identity.js';

const bytes = (...v) => new Uint8Array(v);

test('remembered keys open each direction and each peer, and nothing else', () => {
  const [a, b, c] = [generateIdentity(), generateIdentity(), generateIdentity()];
  warmUp(a);
  for (let round = 0; round < 2; round++) { // the second round on remembered keys
    assert.deepEqual(open(b, seal(a, b.public, bytes(1, round))).payload, bytes(1, round));
    assert.deepEqual(open(a, seal(b, a.public, bytes(2, round))).payload, bytes(2, round));
    assert.deepEqual(open(b, seal(c, b.public, bytes(3, round))).payload, bytes(3, round));
    assert.equal(open(c, seal(a, b.public, bytes(4))).rejected, 'wrong recipient');
  }
});

// S21: one X25519 per pair of peers, both directions: the peer's first reply costs none
test('one secret serves both directions between two peers', () => {
  const [a, b] = [generateIdentity(), generateIdentity()];
  let agreed = 0;
  const counting = (id) => ({ ...id, agree: (k) => { agreed++; return id.agree(k); } });
  const [ca, cb] = [counting(a), counting(b)];
  const before = rememberedSecrets();
  const sealed = seal(ca, b.public, bytes(5));
  assert.equal(agreed, 1);
  assert.deepEqual(open(ca, seal(cb, a.public, bytes(6))).payload, bytes(6)); // b's first reply
  assert.equal(agreed, 2, 'b computed its own secret once; a reused the one its offer made');
  assert.deepEqual(open(cb, sealed).payload, bytes(5));
  assert.deepEqual(open(ca, seal(cb, a.public, bytes(7))).payload, bytes(7));
  assert.equal(agreed, 2);
  assert.equal(rememberedSecrets(), before + 2);
});
