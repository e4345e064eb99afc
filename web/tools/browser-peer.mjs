// A real browser as a peer, for tests: headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM)
// driven by puppeteer-core loads the node's page, attaches and publishes, sends "hello from the
// browser" to JAVA_PEER, and echoes every message it gets back to its sender as "echo:TEXT".
// Prints one JSON object per line on stdout: {ready}, {lookup}, {sent}, {received}, {done}.
// Usage: node tools/browser-peer.mjs PAGE_URL JAVA_PEER [TIMEOUT_MS]
import puppeteer from 'puppeteer-core';

const [url, javaPeer, timeoutArg] = process.argv.slice(2);
const timeout = Number(timeoutArg ?? 20_000);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  page.on('console', (m) => process.stderr.write('page: ' + m.text() + '\n'));
  page.on('pageerror', (e) => process.stderr.write('page error: ' + e.message + '\n'));
  const response = await page.goto(url, { waitUntil: 'load', timeout });
  out({ page: { status: response.status(), csp: response.headers()['content-security-policy'] ?? null } });
  await page.evaluate(() => {
    window.received = [];
    window.peervoice.onMessage((from, bytes, text) => {
      window.received.push({ from, text });
      if (!text.startsWith('echo:')) {
        window.peervoice.send(from, 'echo:' + text).then(
          () => window.received.push({ echoed: text }),
          (e) => window.received.push({ echoFailed: e.message }),
        );
      }
    });
  });
  out({ ready: await page.evaluate(() => window.peervoice.ready()) });
  out({ lookup: await page.evaluate((p) => window.peervoice.lookup(p), javaPeer) });
  await page.evaluate((p) => window.peervoice.send(p, 'hello from the browser'), javaPeer);
  out({ sent: true });
  await page.waitForFunction(() => window.received.some((x) => x.echoed || x.echoFailed), { timeout });
  out({ received: await page.evaluate(() => window.received) });
  out({ done: true });
} catch (e) {
  out({ error: String(e && e.message ? e.message : e) });
  process.exitCode = 1;
} finally {
  await browser.close();
}
