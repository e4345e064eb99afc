// A browser peer attached to one rendezvous node over the node's WebSocket (docs/webrtc.md): the
// overlay's messages, one per binary WebSocket message (docs/protocol.md). Proves its address
// (HELLO/COOKIE: the ATTACH carries the cookie), has the node prove its id (PING with a nonce), attaches
// (v3, with a device id), publishes its signed location record, keeps alive, looks peers up, and
// sends and receives sealed, signed messages, fragmented as the Java client does.
import { decodeMsg, encodeMsg, MAX_FRAGMENT, MAX_FRAGMENTS, STATUS } from './wire.js';
import { ascii, be, concat, equal, parsePeerId, base32 } from './bytes.js';
import { peerIdBytes, publicIdentity } from './identity.js';
import { checkRecord, decodeRecord, encodeRecord, signRecord } from './record.js';
import { open, seal } from './seal.js';

const PONG_DOMAIN = ascii('peervoice-pong-v1');
const ATTACH_V3 = ascii('peervoice-attach-v3');
const STATUS_NAMES = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k]));
const MAX_PARTIAL = 64;
const PARTIAL_MILLIS = 10_000;
const REMEMBERED = 4096;
const REUSE_MILLIS = 30_000; // S20: as the Java client's PeerLookups.REUSE_MILLIS
const RECORDS = 256; // peers whose last record is remembered

/** A failure with a STATUS code's name, or a transport's reason. */
export class OverlayError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const random = (n) => crypto.getRandomValues(new Uint8Array(n));

export class OverlayConnection {
  /**
   * @param {object} o url (ws://host:port/ws), identity (identity.js), node (/node.json: nodeId,
   *     udpPort, tcpPort, tlsPort), host (the node's host as peers reach it), optional
   *     keepaliveMillis (25 s), timeoutMillis (3 s), WebSocket (the constructor), now, reloadNode
   *     (fetches the node's facts again before a reconnect)
   */
  constructor(o) {
    this.url = o.url;
    this.identity = o.identity;
    this.node = o.node;
    this.host = o.host;
    this.keepaliveMillis = o.keepaliveMillis ?? 25_000;
    this.timeoutMillis = o.timeoutMillis ?? 3_000;
    this.WebSocket = o.WebSocket ?? globalThis.WebSocket;
    this.now = o.now ?? (() => Date.now());
    this.reloadNode = o.reloadNode; // async () => the node's facts again, after a reconnect
    this.device = random(8);
    this.pending = new Map();
    this.partial = new Map();
    this.delivered = [];
    this.records = new Map(); // S20: peerId -> {record, at}, the last lookups' (RECORDS at most)
    this.listeners = [];
    this.sequence = 0n;
    this.nodeId = null;
    this.timers = [];
  }

  /** Registers {@code f(sender, payload)} for every message opened (signature checked). */
  onMessage(f) {
    this.listeners.push(f);
  }

  /** Connects, attaches and publishes; resolves with the number of replicas. */
  async start() {
    await this.connect();
    await this.attach();
    const replicas = await this.publish();
    this.started = true;
    this.timers.push(setInterval(() => this.keepalive().catch(() => {}), this.keepaliveMillis));
    this.timers.push(setInterval(() => this.publish().catch(() => {}), 5 * 60_000));
    return replicas;
  }

  connect() {
    return new Promise((resolve, reject) => {
      const ws = new this.WebSocket(this.url);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new OverlayError('cannot open ' + this.url, 'CLOSED'));
      ws.onclose = () => this.closed(ws);
      ws.onmessage = (e) => this.received(new Uint8Array(e.data));
      this.ws = ws;
    });
  }

  closed(ws) {
    if (ws !== this.ws) return; // an earlier connection's late close
    for (const p of this.pending.values()) p.reject(new OverlayError('connection closed', 'CLOSED'));
    this.pending.clear();
    if (this.started) this.scheduleRestart();
  }

  /**
   * The node went away (restart, network change): fetch its facts, connect, attach and publish
   * again, backing off from 1 s to 30 s while it stays away.
   */
  scheduleRestart() {
    if (this.stopped || this.restartPending) return;
    this.restartPending = true;
    this.backoffMillis = Math.min((this.backoffMillis || 500) * 2, 30_000);
    setTimeout(async () => {
      this.restartPending = false;
      try {
        if (this.reloadNode) this.node = await this.reloadNode();
        await this.connect();
        await this.attach();
        await this.publish();
        this.backoffMillis = 0;
      } catch {
        if (!this.ws || this.ws.readyState !== 1) this.scheduleRestart();
      }
    }, this.backoffMillis);
  }

  close() {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    this.timers = [];
    if (this.ws) this.ws.close();
  }

  /** Sends {@code msg} with a fresh tx; resolves with the reply (same tx) or rejects on timeout. */
  request(msg) {
    const tx = BigInt(crypto.getRandomValues(new Uint32Array(1))[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(tx);
        reject(new OverlayError(msg.type + ' not answered', 'TIMEOUT'));
      }, this.timeoutMillis);
      this.pending.set(tx, {
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.sendMsg({ ...msg, tx });
    });
  }

  sendMsg(msg) {
    if (!this.ws || this.ws.readyState !== 1) throw new OverlayError('not connected', 'CLOSED');
    this.ws.send(encodeMsg(msg));
  }

  async status(msg) {
    const reply = await this.request(msg);
    if (reply.type !== 'status') throw new OverlayError(msg.type + ': unexpected ' + reply.type, 'MALFORMED');
    if (reply.code !== STATUS.OK) {
      const name = STATUS_NAMES[reply.code] ?? String(reply.code);
      throw new OverlayError(msg.type + ' refused: ' + name, name);
    }
    return reply.value;
  }

  async attach() {
    const hello = await this.request({ type: 'hello', cookie: new Uint8Array(0), padding: new Uint8Array(20) });
    if (hello.type !== 'cookie') throw new OverlayError('HELLO answered by ' + hello.type, 'MALFORMED');
    const nonce = random(16);
    const pong = await this.request({ type: 'ping', nonce, senderKey: new Uint8Array(0) });
    if (pong.type !== 'pong' || pong.nodeKey.length !== 32
      || !publicIdentity(pong.nodeKey, new Uint8Array(32)).verify(concat(PONG_DOMAIN, nonce), pong.signature)) {
      throw new OverlayError('the node did not prove its id', 'BAD_NODE');
    }
    const nodeId = peerIdBytes(pong.nodeKey);
    if (this.node.nodeId && base32(nodeId) !== this.node.nodeId) {
      throw new OverlayError('the node proved id ' + base32(nodeId) + ', not ' + this.node.nodeId, 'BAD_NODE');
    }
    this.nodeId = nodeId;
    const timestamp = BigInt(this.now());
    const id = this.identity;
    const signed = concat(ATTACH_V3, nodeId, hello.cookie, be(timestamp, 8), this.device);
    return this.status({
      type: 'attach', signingKey: id.signingKey, agreementKey: id.agreementKey, node: nodeId,
      timestamp, signature: id.sign(signed), cookie: hello.cookie, device: this.device,
    });
  }

  /** Publishes a record listing this node (10 minutes); resolves with the number of replicas. */
  publish() {
    const now = BigInt(this.now());
    this.sequence = this.sequence + 1n > now ? this.sequence + 1n : now;
    const n = this.node;
    const record = signRecord(
      this.identity,
      [{ id: this.nodeId, host: this.host, port: n.udpPort, tcpPort: n.tcpPort || 0, tlsPort: n.tlsPort || 0 }],
      this.sequence,
      now + 600_000n,
    );
    return this.status({ type: 'publish', record: encodeRecord(record) });
  }

  async keepalive() {
    const pong = await this.request({ type: 'ping', nonce: new Uint8Array(0), senderKey: new Uint8Array(0) });
    if (pong.type === 'pong' && !pong.attached) {
      await this.attach();
      await this.publish();
    }
  }

  /**
   * The freshest valid record of {@code peerId} (base32), checked here; rejects if none. Remembered
   * for {@link #recent} (REUSE_MILLIS).
   */
  async lookup(peerId) {
    const idBytes = parsePeerId(peerId);
    const reply = await this.request({ type: 'lookup', peer: idBytes });
    if (reply.type !== 'record') throw new OverlayError('LOOKUP answered by ' + reply.type, 'MALFORMED');
    if (reply.record.length === 0) throw new OverlayError('no record of ' + peerId, 'PEER_NOT_FOUND');
    const record = decodeRecord(reply.record);
    const why = checkRecord(record, idBytes, this.now());
    if (why) throw new OverlayError('record of ' + peerId + ': ' + why, 'BAD_RECORD');
    this.records.delete(peerId);
    this.records.set(peerId, { record, at: this.now() });
    if (this.records.size > RECORDS) this.records.delete(this.records.keys().next().value);
    return record;
  }

  /**
   * S20: the record of {@code peerId} a lookup found less than REUSE_MILLIS ago (checked then, not
   * expired since), or null; asks nothing.
   */
  recent(peerId) {
    const r = this.records.get(peerId);
    if (!r) return null;
    if (this.now() - r.at >= REUSE_MILLIS || r.record.expiresMillis <= BigInt(this.now())) {
      this.records.delete(peerId);
      return null;
    }
    return r.record;
  }

  /**
   * Seals {@code payload} to {@code peerId} and routes it through this node: as ROUTE when the
   * peer's record lists this node, else as FORWARD, which this node sends on to the peer's own
   * nodes (docs/webrtc.md, "Reaching peers on other nodes"); resolves once the peer acknowledged it.
   * S20, as the Java client: a record looked up less than REUSE_MILLIS ago (a callee's ANSWER after
   * its RINGING, a call's candidates) is used at once, with a lookup beside it whose newer record
   * (the peer moved to other nodes) is tried too; the peer keeps one copy (same message id).
   */
  async send(peerId, payload) {
    const known = this.recent(peerId);
    const looking = this.lookup(peerId);
    if (known) looking.catch(() => {}); // its failure matters only if the known record's route fails
    const first = known ?? await looking;
    const envelope = seal(this.identity, first.identity, payload);
    const fragments = Math.ceil(envelope.length / MAX_FRAGMENT);
    if (fragments > MAX_FRAGMENTS) throw new OverlayError('message too large', 'TOO_LARGE');
    const messageId = BigInt.asUintN(63, BigInt('0x' + Array.from(random(8), (b) => b.toString(16).padStart(2, '0')).join('')));
    const via = (record) => this.route(peerId, record, messageId, envelope, fragments);
    if (!known) return via(first);
    const newer = looking.then((r) => (r.sequence > known.sequence ? via(r) : Promise.reject(null)));
    try {
      return await Promise.any([via(known), newer]);
    } catch (e) {
      // the newer record's failure if it was tried, else the known record's
      throw e.errors?.[1] ?? e.errors?.[0] ?? e;
    }
  }

  /** Routes one sealed message's fragments through this node toward {@code record}'s nodes. */
  async route(peerId, record, messageId, envelope, fragments) {
    const type = record.nodes.some((n) => equal(n.id, this.nodeId)) ? 'route' : 'forward';
    try {
      await Promise.all(
        Array.from({ length: fragments }, (_, i) =>
          this.status({
            type, target: record.identity.idBytes, messageId, fragment: i, fragments,
            payload: envelope.slice(i * MAX_FRAGMENT, (i + 1) * MAX_FRAGMENT),
          })),
      );
    } catch (e) {
      if (e.code === 'NOT_ATTACHED') throw new OverlayError(peerId + ' is not attached to any of its nodes', 'PEER_UNREACHABLE');
      throw e;
    }
  }

  received(bytes) {
    let msg;
    try {
      msg = decodeMsg(bytes);
    } catch {
      return; // malformed: dropped, as over UDP
    }
    if (msg.type === 'deliver') {
      this.sendMsg({ type: 'status', tx: msg.tx, code: STATUS.OK, value: 0 });
      this.deliver(msg);
      return;
    }
    const p = this.pending.get(msg.tx);
    if (p) {
      this.pending.delete(msg.tx);
      p.resolve(msg);
    }
  }

  deliver(d) {
    const key = d.messageId.toString();
    if (this.delivered.includes(key)) return;
    const now = this.now();
    for (const [k, v] of this.partial) if (now - v.started > PARTIAL_MILLIS) this.partial.delete(k);
    let m = this.partial.get(key);
    if (!m) {
      if (this.partial.size >= MAX_PARTIAL) return;
      m = { started: now, parts: new Array(d.fragments), count: 0, fragments: d.fragments };
      this.partial.set(key, m);
    }
    if (m.fragments !== d.fragments || m.parts[d.fragment]) return;
    m.parts[d.fragment] = d.payload;
    if (++m.count < m.fragments) return;
    this.partial.delete(key);
    this.delivered.push(key);
    if (this.delivered.length > REMEMBERED) this.delivered.shift();
    const opened = open(this.identity, concat(...m.parts));
    if (opened.rejected) return;
    for (const f of this.listeners) f(opened.sender, opened.payload);
  }
}
