// The bundle's entry: window.peervoice, and the page's controls when it is the node's page.
import { createPeervoice } from './api.js';
import { wirePage } from './page.js';

const page = globalThis.document && document.getElementById('peervoice-page');
try {
  const peervoice = createPeervoice({
    // the peer's audio plays in the page's <audio id="remote">, or in one made for the call
    audioElement: () =>
      document.getElementById('remote') ?? Object.assign(document.createElement('audio'), { autoplay: true }),
  });
  globalThis.peervoice = peervoice;
  if (page) wirePage(peervoice, document, new URLSearchParams(globalThis.location.search));
} catch (e) {
  // e.g. a corrupt stored identity: one clear line on the page, not a dead page
  if (page) document.getElementById('state').textContent = e.message;
  throw e;
}
