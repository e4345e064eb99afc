// The bundle's entry: window.peervoice, and the page's controls when it is the node's page.
import { createPeervoice } from './api.js';
import { wirePage } from './page.js';

const peervoice = createPeervoice();
globalThis.peervoice = peervoice;
if (globalThis.document && document.getElementById('peervoice-page')) {
  wirePage(peervoice, document, new URLSearchParams(globalThis.location.search));
}
