// A real browser as a calling peer, for tests: headless Chromium (Debian's /usr/bin/chromium, or
// $CHROMIUM) driven by puppeteer-core loads the node's page with a fake microphone playing
// SPEECH.wav, attaches, then follows commands, one JSON object a line on stdin:
//   {"op": "call", "peer": PEERID, "seconds": S, "dtmf": "123", "hangup": true}
//   {"op": "answer", "seconds": S, "dtmf": "1#", "hangup": false}
//   ("relay": true in either: the page relays through its node's TURN servers only)
//   {"op": "quit"}
// A call (dialled, or the next incoming one answered) runs until the page has sent S seconds of
// audio (50 RTP packets a second, counted from its first), sending its DTMF digits once its audio goes out, then reports its stats, then hangs up (hangup: true) or waits for the peer to.
// Prints one JSON object a line on stdout: {ready}, {incoming}, {state}, {stats}, {ended}, {error}.
// Chromium ignores loopback for ICE: run this in a network namespace (BrowserCallTest does).
// Usage: node tools/call-peer.mjs PAGE_URL SPEECH.wav [TIMEOUT_MS]
import { createInterface } from 'node:readline';
import { args, launch, out } from './chromium.mjs';

const { url, speech, timeout, origin } = args();
const browser = await launch(speech, origin);
let failed = false;
try {
  const page = await browser.newPage();
  page.on('console', (m) => process.stderr.write('page: ' + m.text() + '\n'));
  page.on('pageerror', (e) => process.stderr.write('page error: ' + e.message + '\n'));
  await page.goto(url, { waitUntil: 'load', timeout });
  await page.evaluate(() => {
    window.events = [];
    window.peervoice.onCallState((info) => window.events.push({ state: info }));
    window.peervoice.onIncoming((info) => window.events.push({ incoming: info }));
  });
  out({ ready: await page.evaluate(() => window.peervoice.ready()) });
  let seen = 0;
  const drain = async () => {
    const events = await page.evaluate((from) => window.events.slice(from), seen);
    seen += events.length;
    events.forEach(out);
    return events;
  };
  const until = async (predicate, what) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const e of await drain()) if (predicate(e)) return e;
      if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const connected = (e) => e.state && e.state.state === 'active' && e.state.media === 'connected';
  const ended = (e) => e.state && e.state.state === 'ended';

  async function run(cmd) {
    await page.evaluate((r) => window.peervoice.relayOnly(r), Boolean(cmd.relay)); // S8
    if (cmd.op === 'call') {
      await page.evaluate((p) => { window.peervoice.call(p).catch(() => {}); }, cmd.peer);
    } else {
      await until((e) => e.incoming, 'an incoming call');
      await page.evaluate(() => window.peervoice.answer());
    }
    const up = await until((e) => connected(e) || ended(e), 'the call to connect');
    if (ended(up)) throw new Error('the call ended before it connected: ' + up.state.reason + ' (' + up.state.detail + ')');
    // S8 (issue 16): the digits go once the microphone's audio is going out (5 packets), not the
    // moment media connects. While Chromium sends a digit (RFC 4733 events, 100 ms each here) it
    // sends no audio packets, so digits sent at once put the first audio packet after the first
    // digit: the peer's answer -> first audio then measured the DTMF (about 100 ms more in 4 of
    // 10 calls), not audio. Early still, so that the pause stays near the start of the speech.
    const started = Date.now();
    if (cmd.dtmf) {
      const deadline = started + timeout;
      const sent = async () => (await page.evaluate(() => window.peervoice.stats()))?.audio?.sent_frames ?? 0;
      while ((await sent()) < 5) {
        if (Date.now() > deadline) throw new Error('timed out waiting for audio to go out');
        await new Promise((r) => setTimeout(r, 20));
      }
      try {
        await page.evaluate((d) => window.peervoice.sendDtmf(d), cmd.dtmf);
      } catch (e) {
        out({ descriptions: await page.evaluate(() => window.peervoice.descriptions()) });
        throw e;
      }
    }
    // S10 (issue 16): S seconds of the page's audio, counted in the RTP packets it sent (one per
    // 20 ms frame, DTMF events included) from its first, not wall time from the connection: on a
    // loaded machine Chromium's capture and the peer's set-up took part of a wall-clock span, and
    // the peer recorded only 3.1-3.7 s of a 3 s call, too little for a steady speech correlation.
    // When the peer hangs up (hangup: false) the wall-clock span stays: the peer decides the end.
    const frames = Math.round(50 * (cmd.seconds ?? 2));
    const audioDeadline = Date.now() + timeout;
    if (!cmd.hangup) {
      const rest = 1000 * (cmd.seconds ?? 2) - (Date.now() - started);
      await new Promise((r) => setTimeout(r, Math.max(0, rest)));
    }
    while (cmd.hangup) {
      const sent = (await page.evaluate(() => window.peervoice.stats()))?.audio?.sent_frames ?? 0;
      if (sent >= frames) break;
      if (Date.now() > audioDeadline) throw new Error('timed out: ' + sent + ' of ' + frames + ' frames sent');
      await new Promise((r) => setTimeout(r, Math.min(200, 20 * (frames - sent))));
    }
    out({ stats: await page.evaluate(() => window.peervoice.stats()) });
    if (cmd.hangup) await page.evaluate(() => window.peervoice.hangup());
    out({ ended: (await until(ended, 'the call to end')).state });
  }

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const cmd = JSON.parse(line);
    if (cmd.op === 'quit') break;
    try {
      await run(cmd);
    } catch (e) {
      out({ error: String(e && e.message ? e.message : e) });
      failed = true;
      break;
    }
  }
} catch (e) {
  out({ error: String(e && e.message ? e.message : e) });
  failed = true;
} finally {
  await browser.close();
}
// stdin may still be open (the test keeps its end): leave without waiting for it
process.exit(failed ? 1 : 0);
