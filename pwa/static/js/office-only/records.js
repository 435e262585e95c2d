// 记录管理: the office finds any observation, corrects it giving a reason, and reads its audit
// trail. Loaded on demand: only the office needs it. Corrections go to the server directly, not
// through the outbox: the office needs the server's answer (a refused reason, a new score) at once.
import { api, OfflineError } from '../api.js';
import { el, field } from '../el.js';
import { version } from '../rubrics.js';
import { t } from '../strings.js';
import { observationCard, scoreLine } from '../views/observation-card.js';
import { problemList } from '../views/office/index.js';
import { renderRubric } from '../views/rubric-form.js';
import { auditTrail } from './audit-trail.js';

const r = t.office.records;
const COMMENTS = ['strengths', 'suggestions', 'remarks'];
const PER_PAGE = 20;

// Kept while the app runs, so coming back from a record shows the same page of the same search.
const search = { week: '', kind: '', teacher_id: '', page: 1 };

function row(o) {
  return el('a', { className: 'card', href: `#/office/records/${o.id}` },
    el('strong', {}, `${o.local_date} · ${t.kinds[o.kind]} · ${o.teacher.name}`),
    el('div', { className: 'muted' }, `${o.class_group?.name ?? ''} ${o.subject ?? ''}`),
    el('div', {}, scoreLine(o)));
}

/** Show the search's current page in `holder`. */
async function showResults(holder) {
  const query = new URLSearchParams({ page: search.page, per_page: PER_PAGE });
  for (const key of ['week', 'kind', 'teacher_id']) if (search[key]) query.set(key, search[key]);
  const page = await api(`/observations?${query}`);
  const turn = (step) => () => {
    search.page += step;
    refresh(holder);
  };
  holder.replaceChildren(
    ...(page.items.length ? page.items.map(row) : [el('p', { className: 'muted' }, r.none)]),
    page.total ? el('p', { className: 'muted' }, r.pageOf(page.page, page.pages, page.total)) : '',
    el('div', { className: 'actions' },
      el('button', { type: 'button', className: 'secondary', disabled: page.page <= 1, onclick: turn(-1) }, r.previous),
      el('button', { type: 'button', className: 'secondary', disabled: page.page >= page.pages, onclick: turn(1) }, r.next)));
}

// After a click: a refusal (a week out of range, say) or no network is shown where the list was.
function refresh(holder) {
  showResults(holder).catch((error) => holder.replaceChildren(
    problemList(error, { week: r.week, kind: r.kind, teacher_id: r.teacher })));
}

export async function recordsView() {
  const staff = await api('/staff');
  const week = el('input', { type: 'number', min: 1, step: 1, value: search.week });
  const kind = el('select', {}, el('option', { value: '' }, r.all),
    Object.entries(t.kinds).map(([key, label]) => el('option', { value: key, selected: key === search.kind }, label)));
  const teacher = el('select', {}, el('option', { value: '' }, r.all),
    staff.map((s) => el('option', { value: s.id, selected: String(s.id) === search.teacher_id }, `${s.name}（${s.staff_no}）`)));
  const holder = el('section', { 'aria-label': r.found, 'aria-live': 'polite' });
  await showResults(holder);
  const form = el('form', { className: 'fields', role: 'search' },
    field(r.week, week), field(r.kind, kind), field(r.teacher, teacher),
    el('button', { type: 'submit' }, r.find));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    Object.assign(search, { week: week.value, kind: kind.value, teacher_id: teacher.value, page: 1 });
    refresh(holder);
  });
  return el('div', {}, el('h2', {}, r.title), form, holder);
}

/** The correction form (itemLabels: the rubric's item key → label); onSaved(observation)
 * after the server took it. */
function correctionForm(obs, definition, itemLabels, onSaved) {
  const answers = structuredClone(obs.answers);
  // A comment the rubric asks for as a text item is edited there: the server copies it from the answers.
  const areas = Object.fromEntries(COMMENTS.filter((key) => !(key in itemLabels))
    .map((key) => [key, el('textarea', { maxLength: 5000, value: obs[key] })]));
  const talkHeld = el('input', { type: 'checkbox', checked: obs.talk_held });
  const reason = el('textarea', { maxLength: 1000 });
  const out = el('div', { 'aria-live': 'polite' });
  const labels = { ...r.fields, ...itemLabels };
  const form = el('form', { 'aria-label': r.correct }, el('h3', {}, r.correct),
    definition ? renderRubric(definition, answers, () => {}, { phrases: false }) : null,
    Object.entries(areas).map(([key, area]) => field(r.fields[key], area)),
    field(t.talkHeld, talkHeld), field(r.reason, reason), out,
    el('button', { type: 'submit', className: 'wide-button' }, r.save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const comments = Object.fromEntries(COMMENTS.map((key) => [key,
      areas[key] ? areas[key].value : (typeof answers[key] === 'string' ? answers[key] : obs[key])]));
    let saved;
    try {
      saved = await api(`/observations/${obs.id}`, { method: 'PATCH',
        body: { answers, ...comments, talk_held: talkHeld.checked, reason: reason.value } });
    } catch (error) {
      out.replaceChildren(error instanceof OfflineError ? el('p', { className: 'error', role: 'alert' }, r.offline)
        : el('div', {}, problemList(error, labels), el('p', {}, r.notSaved)));
      return;
    }
    reason.value = '';
    out.replaceChildren(el('p', { className: 'ok', role: 'status' }, r.saved));
    await onSaved(saved);
  });
  return form;
}

export async function recordView({ id }) {
  const obs = await api(`/observations/${id}`);
  const definition = obs.rubric ? (await version(obs.rubric.rubric_id, obs.rubric.number)).definition : null;
  const itemLabels = Object.fromEntries((definition?.sections ?? []).flatMap((s) => s.items).map((i) => [i.key, i.label]));
  let card = observationCard(obs, 'teacher');
  let trail = await auditTrail(obs.id, itemLabels);
  const onSaved = async (saved) => {
    const [newCard, newTrail] = [observationCard(saved, 'teacher'), await auditTrail(obs.id, itemLabels)];
    card.replaceWith(newCard);
    trail.replaceWith(newTrail);
    [card, trail] = [newCard, newTrail];
  };
  return el('div', {}, el('p', {}, el('a', { href: '#/office/records' }, `← ${r.title}`)),
    el('h2', {}, `${r.title} · ${t.kinds[obs.kind]}`), el('p', { className: 'muted' }, `${t.observer} ${obs.observer.name}`), card,
    correctionForm(obs, definition, itemLabels, onSaved), trail);
}
