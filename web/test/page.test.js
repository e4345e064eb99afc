// The call page's links (page.js): ?call=PEERID fills the peer field and ?autoanswer=1 does nothing.
// A link anyone can send must not place a call with the microphone on (telling its sender this
// browser's addresses), nor make the page answer whoever calls next: only a click does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wirePage } from '../src/page.js';

function fakeDocument() {
  const elements = new Map();
  const element = () => {
    const listeners = {};
    return {
      value: '',
      textContent: '',
      hidden: false,
      disabled: false,
      attributes: {},
      tBodies: [{ replaceChildren() {} }],
      addEventListener: (type, f) => { listeners[type] = f; },
      click: () => listeners.click?.(),
      setAttribute(k, v) { this.attributes[k] = v; },
      getAttribute(k) { return this.attributes[k] ?? null; },
      querySelectorAll: () => [],
      prepend() {},
      append() {},
      children: [],
      replaceChildren(...c) { this.children = c; },
    };
  };
  return {
    getElementById: (id) => {
      if (!elements.has(id)) elements.set(id, element());
      return elements.get(id);
    },
    createElement: () => element(),
  };
}

function fakePeervoice() {
  const p = {
    dialled: [],
    answered: 0,
    incoming: [],
    peerId: () => 'ME',
    ready: async () => ({ node: 'N', replicas: 3 }),
    onMessage() {},
    onIncoming: (h) => p.incoming.push(h),
    onCallState() {},
    rosters: [],
    onConference: (h) => p.rosters.push(h),
    call: async (peer) => { p.dialled.push(peer); },
    answer: async () => { p.answered++; },
    hangup: async () => {},
  };
  return p;
}

globalThis.location ??= { href: 'https://node.example/' };

test('?call= fills the peer field and places no call until Call is pressed', async () => {
  const doc = fakeDocument();
  const pv = fakePeervoice();
  wirePage(pv, doc, new URLSearchParams('?call=STRANGER'));
  await new Promise((r) => setImmediate(r)); // ready() resolved: attached
  assert.equal(doc.getElementById('peer').value, 'STRANGER');
  assert.deepEqual(pv.dialled, []);
  doc.getElementById('call').click();
  assert.deepEqual(pv.dialled, ['STRANGER']);
});

test('?autoanswer=1 does not answer: a ringing call waits for Answer', async () => {
  const doc = fakeDocument();
  const pv = fakePeervoice();
  wirePage(pv, doc, new URLSearchParams('?autoanswer=1'));
  await new Promise((r) => setImmediate(r));
  for (const h of pv.incoming) h({ peerId: 'STRANGER', state: 'incoming' });
  assert.equal(pv.answered, 0);
  assert.equal(doc.getElementById('peer').value, 'STRANGER');
  doc.getElementById('answer').click();
  assert.equal(pv.answered, 1);
});

test('a conference roster is listed, host first, this browser marked; an empty one hides the list', async () => {
  const doc = fakeDocument();
  const pv = fakePeervoice();
  wirePage(pv, doc, new URLSearchParams(''));
  const list = doc.getElementById('conference');
  for (const h of pv.rosters) {
    h([
      { peer: 'HOST', host: true, speaking: false, level_dbov: -127, muted: false, held: false },
      { peer: 'ME', host: false, speaking: false, level_dbov: -50, muted: false, held: false },
      { peer: 'CAROL', host: false, speaking: true, level_dbov: -20, muted: true, held: false },
    ]);
  }
  assert.equal(list.hidden, false);
  assert.deepEqual(list.children.map((li) => li.textContent), ['HOST host', 'ME you', 'CAROL speaking, muted']);
  for (const h of pv.rosters) h([]);
  assert.equal(list.hidden, true);
  assert.deepEqual(list.children, []);
});
