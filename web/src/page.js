// The node's call page (docs/webrtc.md, "The page"): this browser's PeerId and call link, a peer
// field (filled by ?call=PEERID), call, answer, hang up, mute, a DTMF keypad, level meters and the
// call report, live. A call is placed or answered only by the user's click (or a script's
// window.peervoice call): a link anyone can send must not open the microphone to its sender, nor
// make the page answer whoever calls next.
const REPORT_EVERY_MS = 250;

export function wirePage(peervoice, doc, params) {
  const $ = (id) => doc.getElementById(id);
  const log = (text) => {
    const li = doc.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + '  ' + text;
    $('log').prepend(li);
  };
  const me = peervoice.peerId();
  $('me').textContent = me;
  const link = new URL('/?call=' + me, globalThis.location.href).href;
  $('link').textContent = link;
  $('link').href = link;
  const target = params.get('call');
  if (target) $('peer').value = target.trim(); // filled, not dialled: the user presses Call

  const dial = () => {
    const peer = $('peer').value.trim();
    if (!peer) return;
    peervoice.call(peer).catch((e) => log('call ended: ' + e.message));
  };
  peervoice
    .ready()
    .then((r) => {
      $('state').textContent = 'attached to node ' + r.node + ' (record on ' + r.replicas + ' nodes)';
    })
    .catch((e) => {
      $('state').textContent = 'not attached: ' + e.message;
    });
  peervoice.onMessage((from, bytes, text) => log('from ' + from + ': ' + text));
  peervoice.onIncoming((info) => {
    log('incoming call from ' + info.peerId);
    $('peer').value = info.peerId;
  });

  // S13 (issue 17): the roster of a conference the peer hosts, the host first
  peervoice.onConference((members) => {
    const list = $('conference');
    list.replaceChildren(
      ...members.map((m) => {
        const li = doc.createElement('li');
        const marks = [m.peer === me ? 'you' : null, m.host ? 'host' : null, m.speaking ? 'speaking' : null, m.muted ? 'muted' : null, m.held ? 'held' : null];
        li.textContent = m.peer + ' ' + marks.filter(Boolean).join(', ');
        return li;
      }),
    );
    list.hidden = members.length === 0;
    if (members.length === 0) log('the call left the conference');
  });

  let timer = null;
  peervoice.onCallState((info) => {
    const live = info.state !== 'ended';
    $('call-state').textContent = describe(info);
    $('call').hidden = info.state === 'incoming';
    $('answer').hidden = info.state !== 'incoming';
    $('call').disabled = live;
    $('hangup').disabled = !live;
    $('mute').disabled = info.state !== 'active';
    if (info.state === 'ended') log('call ended: ' + (info.detail ?? info.reason));
    if (info.state === 'active' && !timer) timer = setInterval(showReport, REPORT_EVERY_MS);
    if (!live) {
      clearInterval(timer);
      timer = null;
      $('mute').setAttribute('aria-pressed', 'false');
      $('mute').textContent = 'Mute';
      $('level-mic').value = 0;
      $('level-peer').value = 0;
      $('conference').replaceChildren();
      $('conference').hidden = true;
    }
  });

  async function showReport() {
    const r = await peervoice.stats().catch(() => null);
    if (!r) return;
    $('level-mic').value = r.levels.microphone ?? 0;
    $('level-peer').value = r.levels.peer ?? 0;
    const rows = [];
    for (const section of ['setup', 'ice', 'srtp', 'network', 'audio', 'rtcp']) {
      for (const [k, v] of Object.entries(r[section])) {
        if (v !== null) rows.push([section + '.' + k, typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v)]);
      }
    }
    const body = $('report').tBodies[0];
    body.replaceChildren(...rows.map(([k, v]) => {
      const tr = doc.createElement('tr');
      for (const text of [k, v]) {
        const td = doc.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
  }

  $('call').addEventListener('click', dial);
  $('answer').addEventListener('click', () => peervoice.answer().catch((e) => log('not answered: ' + e.message)));
  $('hangup').addEventListener('click', () => peervoice.hangup());
  $('mute').addEventListener('click', () => {
    const muted = $('mute').getAttribute('aria-pressed') !== 'true';
    peervoice.mute(muted);
    $('mute').setAttribute('aria-pressed', String(muted));
    $('mute').textContent = muted ? 'Unmute' : 'Mute';
  });
  for (const key of $('keypad').querySelectorAll('button')) {
    key.addEventListener('click', () => peervoice.sendDtmf(key.textContent).catch((e) => log(e.message)));
  }
  $('send').addEventListener('click', async () => {
    try {
      await peervoice.send($('peer').value.trim(), $('text').value);
      log('sent to ' + $('peer').value);
    } catch (e) {
      log('not sent: ' + e.message);
    }
  });
}

function describe(info) {
  switch (info.state) {
    case 'dialing': return 'calling ' + info.peerId + '…';
    case 'ringing': return 'ringing at ' + info.peerId + '…';
    case 'incoming': return info.peerId + ' is calling';
    case 'active': return (info.media === 'connected' ? 'in call with ' : 'connecting to ') + info.peerId;
    default: return 'call ended: ' + (info.detail ?? info.reason);
  }
}
