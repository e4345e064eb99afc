// The node's minimal page: shows this browser's PeerId, looks a peer up and sends it a message.
// (The call controls come with WebRTC calls, issue 16.)
export function wirePage(peervoice, doc, params) {
  const $ = (id) => doc.getElementById(id);
  const log = (text) => {
    const li = doc.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + '  ' + text;
    $('log').prepend(li);
  };
  $('me').textContent = peervoice.peerId();
  if (params.get('call')) $('peer').value = params.get('call');
  peervoice
    .ready()
    .then((r) => {
      $('state').textContent = 'attached to node ' + r.node + ' (record on ' + r.replicas + ' nodes)';
    })
    .catch((e) => {
      $('state').textContent = 'not attached: ' + e.message;
    });
  peervoice.onMessage((from, bytes, text) => log('from ' + from + ': ' + text));
  $('send').addEventListener('click', async () => {
    try {
      await peervoice.send($('peer').value, $('text').value);
      log('sent to ' + $('peer').value);
    } catch (e) {
      log('not sent: ' + e.message);
    }
  });
  $('call').addEventListener('click', () => peervoice.call($('peer').value).catch((e) => log(e.message)));
}
