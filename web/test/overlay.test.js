// S20: a send reuses a record looked up less than 30 s ago (a callee's ANSWER after its RINGING),
// a lookup beside it; a peer that moved is reached through the newer record that lookup finds; a
// record older than 30 s is looked up first. A fake node on a fake WebSocket, a clock set by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OverlayConnection } from '../src/overlay.js';
import { generateIdentity } from '../src/identity.js';
import { decodeMsg, encodeMsg, STATUS } from '../src/wire.js';
import { encodeRecord, signRecord } from '../src/record.js';

const NODE_A = new Uint8Array(20).fill(1); // the page's node
const NODE_B = new Uint8Array(20).fill(2);

/** A node that answers lookups with {@code records()} (held while {@code hold}) and routes. */
function fakeNode(o) {
  const seen = [];
  const held = [];
  class Socket {
    constructor() {
      this.readyState = 1;
      o.socket = this;
    }

    send(bytes) {
      const m = decodeMsg(bytes);
      seen.push(m);
      const reply = (r) => this.onmessage({ data: encodeMsg({ ...r, tx: m.tx }).buffer });
      if (m.type === 'lookup') {
        const answer = () => reply({ type: 'record', record: encodeRecord(o.record()), contacts: [] });
        if (o.hold) held.push(answer);
        else queueMicrotask(answer);
      } else {
        const code = o.routeCode?.(m) ?? STATUS.OK;
        queueMicrotask(() => reply({ type: 'status', code, value: 0 }));
      }
    }
  }
  return { Socket, seen, held };
}

function connected(node, clock) {
  const overlay = new OverlayConnection({
    url: 'ws://node/ws', identity: generateIdentity(), node: {}, host: 'node',
    WebSocket: node.Socket, now: () => clock.now,
  });
  overlay.ws = new node.Socket();
  overlay.ws.onmessage = (e) => overlay.received(new Uint8Array(e.data));
  overlay.nodeId = NODE_A;
  return overlay;
}

const recordOf = (peer, nodeId, sequence, clock) =>
  signRecord(peer, [{ id: nodeId, host: '10.0.0.1', port: 7400, tcpPort: 0, tlsPort: 0 }],
    BigInt(sequence), BigInt(clock.now + 600_000));

test('a send within 30 s of a lookup goes at once; a later one looks up first', async () => {
  const clock = { now: 1_800_000_000_000 };
  const peer = generateIdentity();
  const o = { record: () => recordOf(peer, NODE_A, 1, clock) };
  const node = fakeNode(o);
  const overlay = connected(node, clock);

  await overlay.send(peer.peerId, new Uint8Array([1]));
  assert.deepEqual(node.seen.map((m) => m.type), ['lookup', 'route']);

  clock.now += 10_000;
  o.hold = true; // the lookup beside it goes unanswered
  await overlay.send(peer.peerId, new Uint8Array([2]));
  assert.deepEqual(node.seen.slice(2).map((m) => m.type), ['lookup', 'route'],
    'routed while its lookup was still unanswered');
  assert.equal(node.held.length, 1);
  node.held.splice(0).forEach((a) => a());

  clock.now += 30_000;
  o.hold = true;
  let sent = false;
  const late = overlay.send(peer.peerId, new Uint8Array([3])).then(() => { sent = true; });
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(sent, false, 'a record older than 30 s is not reused');
  assert.deepEqual(node.seen.slice(4).map((m) => m.type), ['lookup']);
  node.held.splice(0).forEach((a) => a());
  await late;
  assert.deepEqual(node.seen.slice(4).map((m) => m.type), ['lookup', 'route']);
});

test('a peer that moved to another node is reached through the newer record', async () => {
  const clock = { now: 1_800_000_000_000 };
  const peer = generateIdentity();
  let current = recordOf(peer, NODE_A, 1, clock);
  const o = {
    record: () => current,
    // its old node says it is no longer attached there
    routeCode: (m) => (m.type === 'route' ? STATUS.NOT_ATTACHED : STATUS.OK),
  };
  const node = fakeNode(o);
  const overlay = connected(node, clock);
  await assert.rejects(overlay.send(peer.peerId, new Uint8Array([1])), { code: 'PEER_UNREACHABLE' });

  current = recordOf(peer, NODE_B, 2, clock); // it moved to node B and published again
  clock.now += 1_000;
  await overlay.send(peer.peerId, new Uint8Array([2]));
  const routed = node.seen.slice(2).filter((m) => m.type === 'route' || m.type === 'forward');
  assert.deepEqual(routed.map((m) => m.type), ['route', 'forward'],
    'the reused record first, then the newer one through this node to node B');
  assert.equal(routed[0].messageId, routed[1].messageId, 'one message: the peer keeps one copy');
});

test('a send with no recent record still fails as before when the peer is unknown', async () => {
  const clock = { now: 1_800_000_000_000 };
  const node = fakeNode({ record: () => { throw new Error('unused'); } });
  node.Socket.prototype.send = function send(bytes) {
    const m = decodeMsg(bytes);
    queueMicrotask(() => this.onmessage({
      data: encodeMsg({ type: 'record', tx: m.tx, record: new Uint8Array(0), contacts: [] }).buffer,
    }));
  };
  const overlay = connected(node, clock);
  await assert.rejects(overlay.send(generateIdentity().peerId, new Uint8Array([1])),
    { code: 'PEER_NOT_FOUND' });
});
