// media.js: a call that ends while the browser asks for the microphone leaves it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallMedia, MediaError } from '../src/media.js';

test('a microphone granted after the call ended is stopped at once, and open() fails', async () => {
  let grant;
  const stopped = [];
  const track = { kind: 'audio', stop: () => stopped.push('mic') };
  const media = new CallMedia({
    onCandidate() {},
    getUserMedia: () => new Promise((r) => { grant = r; }),
  });
  const opening = media.open();
  media.close(); // the peer cancelled (or the user hung up) during the permission prompt
  grant({ getTracks: () => [track], getAudioTracks: () => [track] });
  await assert.rejects(opening, MediaError);
  assert.deepEqual(stopped, ['mic']);
  assert.equal(media.pc, undefined, 'no peer connection made');
});
