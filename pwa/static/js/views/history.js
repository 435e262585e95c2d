// 我的记录: what I recorded today and this week, editable while the server allows.
import { cachedGet } from '../api.js';
import { localDate, now } from '../clock.js';
import { el } from '../el.js';
import * as outbox from '../outbox.js';
import { go } from '../router.js';
import { version } from '../rubrics.js';
import { session } from '../session.js';
import { t } from '../strings.js';
import { syncSoon } from '../sync.js';
import { observationCard } from './observation-card.js';
import { offlineNote } from './offline-note.js';
import { renderRubric } from './rubric-form.js';

function mondayOf(date) {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

export async function historyView() {
  const today = localDate(now());
  const read = await cachedGet(`/observations?observer_id=${session.me.id}&date_from=${mondayOf(today)}&date_to=${today}&per_page=100`);
  const page = read.data;
  const card = (o) => observationCard(o, 'teacher', o.editable
    ? el('a', { className: 'button secondary', href: `#/edit/${o.id}` }, t.edit)
    : el('p', { className: 'muted' }, t.editNotAllowed));
  const todays = page.items.filter((o) => o.local_date === today);
  const earlier = page.items.filter((o) => o.local_date !== today);
  const waiting = (await outbox.items()).filter((i) => i.type !== 'photo');
  return el('div', {}, el('h2', {}, t.history), offlineNote([read]),
    waiting.length ? el('p', {}, el('a', { href: '#/outbox' }, t.waiting(waiting.length))) : null,
    el('h3', {}, t.today), todays.length ? todays.map(card) : el('p', { className: 'muted' }, t.none),
    el('h3', {}, t.thisWeek), earlier.length ? earlier.map(card) : el('p', { className: 'muted' }, t.none));
}

export async function editView({ id }) {
  const { data: obs } = await cachedGet(`/observations/${id}`);
  const definition = (await version(obs.rubric.rubric_id, obs.rubric.number)).definition;
  const answers = structuredClone(obs.answers);
  const submit = el('button', { type: 'submit', className: 'wide-button' }, t.save);
  const form = el('form', {}, el('h2', {}, `${t.edit} · ${t.kinds[obs.kind]}`),
    el('p', {}, el('strong', {}, `${obs.class_group?.name ?? ''} ${obs.subject ?? ''} · ${obs.teacher.name}`)),
    renderRubric(definition, answers, () => {}, { phrases: obs.kind !== 'patrol' }), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    // One pending edit per record: a second edit before sync replaces the first.
    await outbox.enqueue({ uuid: `edit-${obs.id}`, type: 'edit', observationId: obs.id, label: `${t.edit} · ${obs.teacher.name}`, body: { answers } });
    await syncSoon();
    go('/history');
  });
  return form;
}
