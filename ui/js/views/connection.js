// The connection state in the top bar (live / reconnecting / signed out), the engines' state, and
// the notices that say when what is shown may be out of date.

import { h } from '../dom.js';
import { clock } from '../format.js';
import { notice } from '../notify.js';

export function connectionIndicator(live) {
  const button = document.getElementById('conn');
  const text = button.querySelector('.conn-text');
  const engines = document.getElementById('engines');
  const view = document.getElementById('view');
  let countdown = null;
  let lostAt = null;

  button.addEventListener('click', () => live.retryNow());

  const renderState = () => {
    clearInterval(countdown);
    const state = live.state;
    button.dataset.state = state === 'live' ? 'live' : state;
    view.classList.toggle('stale', state !== 'live');
    // Without the connection, the engines' state is only the last one heard: shown greyed, not green.
    engines.classList.toggle('stale', state !== 'live');
    engines.title = state === 'live' ? '' : 'Last known engine state (not connected to the server)';
    switch (state) {
      case 'live':
        text.textContent = 'Live';
        button.title = 'Connected: changes appear as they happen.';
        if (lostAt) notice('conn', 'info', [h('strong', {}, 'Reconnected.'), ' Everything missed while disconnected was caught up.'], { dismissible: true });
        lostAt = null;
        setTimeout(() => live.state === 'live' && notice('conn', null), 4000);
        break;
      case 'connecting':
        text.textContent = 'Connecting…';
        break;
      case 'unauthorized':
        text.textContent = 'Signed out';
        notice('conn', null);
        break;
      default: {
        // Never connected yet (a first attempt failed): nothing was lost, and nothing is "caught up" later.
        const wasLive = live.connectedOnce;
        if (wasLive) lostAt ??= new Date();
        const tick = () => {
          const left = live.retryAt ? Math.max(0, Math.ceil((live.retryAt - Date.now()) / 1000)) : 0;
          text.textContent = left > 0 ? `Reconnecting in ${left} s` : 'Reconnecting…';
          button.title = 'Connection lost. Click to try again now.';
        };
        tick();
        countdown = setInterval(tick, 500);
        const reason = live.closeInfo?.reason ? ` (${live.closeInfo.reason})` : '';
        notice('conn', 'warn', [
          wasLive
            ? h('strong', {}, `Connection to the server lost at ${clock(lostAt.toISOString()).slice(0, 8)}${reason}.`)
            : h('strong', {}, `The server does not answer yet${reason}.`),
          wasLive ? ' What you see may be out of date; it catches up by itself when the server answers again. ' : ' Capstan keeps trying. ',
          h('a', { href: '#', onclick: (e) => { e.preventDefault(); live.retryNow(); } }, 'Retry now'),
        ]);
      }
    }
  };

  const renderEngines = () => {
    engines.replaceChildren();
    const down = [];
    for (const e of live.engines.values()) {
      engines.append(h('span', { class: 'engine-pill', dataset: { status: e.status, engine: e.engine }, title: e.error ? `${e.engine}: ${e.status} — ${e.error}` : `${e.engine}: ${e.status}` },
        h('span', { class: 'dot' }), e.engine));
      if (e.status !== 'up') down.push(e);
    }
    notice('engines', down.length ? 'bad' : null, down.length ? down.map((e) => h('span', {},
      h('strong', {}, `Engine “${e.engine}” is ${e.status === 'down' ? 'down' : 'reconnecting'}`),
      e.error ? `: ${e.error}. ` : '. ', 'Its containers show their last known state; Capstan reconnects by itself. ')) : null);
  };

  live.addEventListener('state', renderState);
  live.addEventListener('engines', renderEngines);
  renderState();
}
