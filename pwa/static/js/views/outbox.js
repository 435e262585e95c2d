// 待同步: what waits on the phone; a refused record shows the server's message and can be
// sent again or discarded.
import { el } from '../el.js';
import * as outbox from '../outbox.js';
import { go } from '../router.js';
import { rubricsFor } from '../rubrics.js';
import { t } from '../strings.js';
import { flush } from '../sync.js';
import { renderRubric } from './rubric-form.js';

export async function outboxView() {
  const list = await outbox.items();
  const box = el('div', {}, el('h2', {}, t.outbox));
  if (!list.length) box.append(el('p', {}, t.allSynced));
  for (const item of list) {
    box.append(el('div', { className: 'card' },
      el('strong', {}, item.label || item.uuid),
      item.state === 'refused'
        ? el('p', { className: 'error' }, `${t.refused}${item.error}`)
        : el('p', { className: 'muted' }, `⟳ ${list.some((i) => i.uuid === item.observationUuid) ? t.pendingRecord : t.pending}`),
      el('div', { className: 'actions' },
        item.state === 'refused' ? el('button', { type: 'button', onclick: async () => { await outbox.retry(item.uuid); await flush(); } }, t.resend) : null,
        item.state === 'refused' && item.type === 'observation' ? el('a', { className: 'button secondary', href: `#/outbox/${item.uuid}` }, t.edit) : null,
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

/** Change a refused record's answers on the phone, then send it again under the same uuid. */
export async function fixView({ uuid }) {
  const item = (await outbox.items()).find((i) => i.uuid === uuid);
  if (!item) return go('/outbox');
  const rubric = (await rubricsFor(item.body.kind)).find((r) => r.id === item.body.rubric_version_id);
  const answers = structuredClone(item.body.answers);
  const form = el('form', {}, el('h2', {}, t.edit), el('p', {}, el('strong', {}, item.label)),
    el('p', { className: 'error' }, `${t.refused}${item.error}`),
    rubric ? renderRubric(rubric.definition, answers, () => {}, { phrases: item.body.kind !== 'patrol' }) : null,
    el('button', { type: 'submit', className: 'wide-button' }, t.resend));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await outbox.enqueue({ ...item, body: { ...item.body, answers } });
    go('/outbox');
    flush();
  });
  return form;
}
