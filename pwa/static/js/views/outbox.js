// 待同步: what waits on the phone; a refused record shows the server's message and can be
// sent again or discarded.
import { el } from '../el.js';
import * as outbox from '../outbox.js';
import { t } from '../strings.js';
import { flush } from '../sync.js';

export async function outboxView() {
  const list = await outbox.items();
  const box = el('div', {}, el('h2', {}, t.outbox));
  if (!list.length) box.append(el('p', {}, t.allSynced));
  for (const item of list) {
    box.append(el('div', { className: 'card' },
      el('strong', {}, item.label || item.uuid),
      item.state === 'refused'
        ? el('p', { className: 'error' }, `${t.refused}${item.error}`)
        : el('p', { className: 'muted' }, `⟳ ${t.pending}`),
      el('div', { className: 'actions' },
        item.state === 'refused' ? el('button', { type: 'button', onclick: async () => { await outbox.retry(item.uuid); await flush(); } }, t.resend) : null,
        el('button', { type: 'button', className: 'danger', onclick: async () => {
          if (confirm(t.discardConfirm)) await outbox.discard(item.uuid);
        } }, t.discard))));
  }
  if (list.length) box.append(el('button', { type: 'button', className: 'wide-button', onclick: flush }, t.syncNow));
  // Redraw as items are sent or refused, while this screen is open.
  const stop = outbox.onChange(() => {
    stop();
    if (box.isConnected) outboxView().then((fresh) => box.replaceWith(fresh));
  });
  return box;
}
