// A corrupt stored identity: one clear error saying what to do, and the stored entry left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdentityStoreError, loadOrCreateIdentity } from '../src/identity.js';

const storage = (text) => {
  const m = new Map(text === undefined ? [] : [['peervoice.identity.v1', text]]);
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v), m };
};

test('a stored identity loads again as the same PeerId', () => {
  const s = storage();
  const id = loadOrCreateIdentity(s);
  assert.equal(loadOrCreateIdentity(s).peerId, id.peerId);
});

test('a corrupt stored identity is one clear error and is never replaced', () => {
  const good = storage();
  const j = JSON.parse((loadOrCreateIdentity(good), good.m.get('peervoice.identity.v1')));
  for (const text of ['{not json', '{}', JSON.stringify({ ...j, ed25519: '!!' }),
    JSON.stringify({ ...j, peerId: 'x' }), 'null']) {
    const s = storage(text);
    assert.throws(() => loadOrCreateIdentity(s), (e) => e instanceof IdentityStoreError
      && /corrupt/.test(e.message) && /Restore it from a backup/.test(e.message), text);
    assert.equal(s.m.get('peervoice.identity.v1'), text);
  }
});
