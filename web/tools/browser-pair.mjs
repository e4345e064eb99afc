// Two pages of one headless Chromium, each with its own identity (separate browser contexts), call
// each other through the node's page controls, for tests: page A is opened with ?call=<B's
// PeerId> (which fills the peer field, no more) and presses Call once attached; B presses Answer
// when it rings. Once both are connected, A presses keypad keys 1 and #, both reports are read
// once both hear the other (and the page's meters and report table), A mutes, then B presses
// "Hang up" and both must end. Fake microphones play SPEECH.wav.
// Prints one JSON object a line: {b}, {a}, {connected}, {reports}, {page}, {ended}, {error}.
// Chromium ignores loopback for ICE: run this in a network namespace (BrowserPairCallTest does).
// Usage: node tools/browser-pair.mjs PAGE_URL SPEECH.wav [TIMEOUT_MS]
import { args, launch, out } from './chromium.mjs';

const { url, speech, timeout, origin } = args();
const browser = await launch(speech, origin);
const open = async (query) => {
  const context = await browser.createBrowserContext(); // its own localStorage: its own identity
  const page = await context.newPage();
  page.on('pageerror', (e) => process.stderr.write('page error: ' + e.message + '\n'));
  await page.goto(url + query, { waitUntil: 'load', timeout });
  return page;
};
const connected = (page) =>
  page.waitForFunction(() => /^in call with /.test(document.getElementById('call-state').textContent), { timeout });
const attached = (page) =>
  page.waitForFunction(() => /^attached/.test(document.getElementById('state').textContent), { timeout });
// both ways heard, the keypad's tones sent, the meters and the report table filled
const heard = (page, tones, meter) =>
  page.waitForFunction(async (t, m) => {
    const r = await window.peervoice.stats();
    return r && r.network.packets_received > 50 && r.audio.received_frames > 50 && r.audio.total_audio_energy > 0
      && r.dtmf.sent === t && document.getElementById(m).value > 0 && document.querySelectorAll('#report tr').length > 10;
  }, { timeout, polling: 100 }, tones, meter);
const ended = (page) =>
  page.waitForFunction(() => /^call ended/.test(document.getElementById('call-state').textContent), { timeout });
try {
  const b = await open('');
  await attached(b);
  const bId = await b.evaluate(() => window.peervoice.peerId());
  out({ b: { peerId: bId, link: await b.$eval('#link', (e) => e.href) } });
  const a = await open('?call=' + bId);
  out({ a: { peerId: await a.evaluate(() => window.peervoice.peerId()), field: await a.$eval('#peer', (e) => e.value) } });
  await attached(a);
  await a.click('#call');
  await b.waitForSelector('#answer:not([hidden])', { timeout });
  await b.click('#answer');
  await Promise.all([connected(a), connected(b)]);
  out({ connected: { a: await a.$eval('#call-state', (e) => e.textContent), b: await b.$eval('#call-state', (e) => e.textContent) } });
  await a.click('#keypad button:nth-child(1)'); // 1
  await a.click('#keypad button:nth-child(12)'); // #
  await Promise.all([heard(a, '1#', 'level-mic'), heard(b, '', 'level-peer')]);
  const reports = {
    a: await a.evaluate(() => window.peervoice.stats()),
    b: await b.evaluate(() => window.peervoice.stats()),
  };
  out({ reports });
  out({
    page: {
      micMeter: await a.$eval('#level-mic', (e) => e.value),
      peerMeter: await b.$eval('#level-peer', (e) => e.value),
      reportRows: await a.$$eval('#report tr', (rows) => rows.length),
      hangupEnabled: await b.$eval('#hangup', (e) => !e.disabled),
    },
  });
  await a.click('#mute');
  out({ muted: { button: await a.$eval('#mute', (e) => e.getAttribute('aria-pressed')), track: await a.evaluate(() => window.peervoice.stats().then((r) => r.audio.muted)) } });
  await b.click('#hangup');
  await Promise.all([ended(a), ended(b)]);
  out({ ended: { a: await a.evaluate(() => window.peervoice.callInfo()), b: await b.evaluate(() => window.peervoice.callInfo()) } });
} catch (e) {
  out({ error: String(e && e.message ? e.message : e) });
  process.exitCode = 1;
} finally {
  await browser.close();
}
