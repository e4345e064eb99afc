// What the browser drivers for tests share (call-peer.mjs, browser-pair.mjs): their command line
// (PAGE_URL SPEECH.wav [TIMEOUT_MS]), one JSON object a line on stdout, and headless Chromium
// (Debian's /usr/bin/chromium, or $CHROMIUM) driven by puppeteer-core with a fake microphone
// playing SPEECH.wav, allowed the microphone on the test node's plain-http origin.
import puppeteer from 'puppeteer-core';

/** The driver's arguments: { url, speech, timeout (ms, default 20 s), origin }. */
export function args() {
  const [url, speech, timeoutArg] = process.argv.slice(2);
  return { url, speech, timeout: Number(timeoutArg ?? 20_000), origin: new URL(url).origin };
}

/** Prints o as one JSON line on stdout. */
export const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

/** Headless Chromium whose microphone plays the WAV file speech, for pages of origin. */
export function launch(speech, origin) {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--use-file-for-fake-audio-capture=' + speech,
      '--autoplay-policy=no-user-gesture-required',
      // the test's node serves plain http: let the page have the microphone all the same
      '--unsafely-treat-insecure-origin-as-secure=' + origin,
      // raw host addresses rather than mDNS names (the Java peer does not resolve .local)
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}
