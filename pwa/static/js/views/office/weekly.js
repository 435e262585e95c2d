// 每周通报 for the office: build the week's drafts, review them, publish the week, read the
// bulletin (with its print page and .xlsx), and resolve the teachers' appeals.
import { api } from '../../api.js';
import { el, field } from '../../el.js';
import { t } from '../../strings.js';
import { noticeLink } from '../notices.js';
import { termWeekPicker } from '../term-pick.js';
import { problemList } from './index.js';

const w = t.weekly;

function findings(title, list) {
  if (!list.length) return [];
  return [el('h4', {}, title), el('ul', {}, list.map((f) =>
    el('li', {}, `${f.label} · ${w.count(f.count)}${f.teachers ? `：${f.teachers.join('、')}` : w.anonymous}`)))];
}

function bulletinView(b) {
  const base = `/api/v1/bulletins/${b.term_id}/${b.week}`;
  return el('section', { className: 'card', 'aria-label': w.bulletin },
    el('h3', {}, `${w.bulletin} · ${b.school} ${b.term} ${t.week(b.week)}`),
    el('p', { className: 'muted' }, t.notices.dates(b.monday, b.sunday)),
    el('div', { className: 'actions' },
      el('a', { className: 'button secondary', href: `${base}/print`, target: '_blank' }, w.print),
      el('a', { className: 'button secondary', href: `${base}/xlsx`, download: '' }, w.xlsx)),
    el('h4', {}, w.totals),
    el('p', {}, Object.entries(b.totals).map(([kind, count]) => `${w.totalNames[kind] ?? t.kinds[kind] ?? kind} ${count}`).join(' · ')),
    b.bands.length ? [el('h4', {}, w.bands), el('p', {}, b.bands.map((x) => `${x.band} ${x.count}`).join(' · '))] : null,
    findings(w.praise, b.praise), findings(w.problems, b.problems),
    b.incidents.length ? [el('h4', {}, w.incidents), el('ul', {}, b.incidents.map((i) =>
      el('li', {}, `${i.date} ${i.class ?? ''} ${i.rule}${i.deduction ? ` · ${t.notices.deduction(i.deduction)}` : ''}${i.teacher ? ` · ${i.teacher}` : ''}`)))] : null,
    b.observers.length ? [el('h4', {}, w.observers), el('table', {},
      el('thead', {}, el('tr', {}, [w.name, t.kinds.patrol, w.lessons, w.total].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, b.observers.map((o) => el('tr', {}, el('td', {}, o.name), el('td', {}, o.patrol), el('td', {}, o.lessons), el('td', {}, o.total)))))] : null);
}

function resolveForm(appeal, done) {
  const outcome = el('select', {}, el('option', { value: 'upheld' }, w.upheld), el('option', { value: 'corrected' }, w.corrected));
  const reason = el('textarea', { required: true, maxLength: 2000 });
  const out = el('div');
  const form = el('form', {}, field(w.outcome, outcome), field(w.reason, reason), out,
    el('button', { type: 'submit', className: 'wide-button' }, w.resolve));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(`/notices/appeals/${appeal.id}/resolve`, { method: 'POST', body: { outcome: outcome.value, reason: reason.value } });
      form.replaceWith(el('p', { className: 'ok', role: 'status' }, w.resolved));
      done();
    } catch (error) {
      out.replaceChildren(problemList(error));
    }
  });
  return form;
}

function appealCard(appeal, done) {
  return el('article', { className: 'card' },
    el('strong', {}, `${appeal.teacher.name} · ${t.week(appeal.week)}`),
    el('div', { className: 'muted' }, `${t.notices.dates(appeal.monday, appeal.sunday)} · ${w.daysOpen(appeal.days_open)}`),
    el('p', {}, el('strong', {}, `${t.notices.appealReason}：`), appeal.reason),
    el('a', { className: 'button secondary', href: `#/notices/${appeal.notice_id}` }, w.viewNotice),
    resolveForm(appeal, done));
}

/** The school's open appeals in one request, the longest waiting first, each with a form to
 * resolve it. Past the first 100 the office works down the queue and reloads it: resolved ones
 * leave it, so the first page then holds the next ones (asking for page 2 would skip some). */
async function openAppeals() {
  const heading = el('h3', {}, w.appeals);
  const list = el('div');
  const reload = el('button', { type: 'button', className: 'secondary wide-button' });
  const rest = el('div');
  let waiting = 0;
  const load = async () => {
    const queue = await api('/notices/appeals?status=open&per_page=100');
    waiting = queue.total;
    heading.textContent = w.appealsWaiting(waiting);
    list.replaceChildren(...(queue.items.length
      ? queue.items.map((a) => appealCard(a, () => { heading.textContent = w.appealsWaiting(--waiting); }))
      : [el('p', { className: 'muted' }, w.noAppeals)]));
    const left = queue.total - queue.items.length;
    reload.textContent = w.reloadAppeals(left);
    rest.replaceChildren(...(left > 0 ? [reload] : []));
  };
  reload.addEventListener('click', async () => {
    reload.disabled = true;
    try { await load(); } catch (error) { list.append(problemList(error)); } finally { reload.disabled = false; }
  });
  await load();
  return el('section', { 'aria-label': w.appeals }, heading, list, rest);
}

async function weekPanel({ term, week }, panel) {
  const out = el('div');
  const list = el('div');
  const drafts = await api(`/notices?term_id=${term.id}&week=${week}`);
  const draw = (items) => list.replaceChildren(...(items.length ? items.map((x) => noticeLink(x, true)) : [el('p', { className: 'muted' }, w.noDrafts)]));
  draw(drafts);
  const published = drafts.length > 0 && drafts.every((x) => x.status === 'published');
  const build = el('button', { type: 'button', className: 'secondary', onclick: async () => {
    build.disabled = true;
    try {
      const built = await api('/notices/build', { method: 'POST', body: { term_id: term.id, week } });
      out.replaceChildren(el('p', { className: 'ok', role: 'status' }, w.rebuilt(built.length)));
      draw(await api(`/notices?term_id=${term.id}&week=${week}`));
    } catch (error) {
      out.replaceChildren(problemList(error));
    } finally { build.disabled = false; }
  } }, w.build);
  const publish = el('button', { type: 'button', onclick: async () => {
    const count = list.querySelectorAll('a.card').length;
    if (!confirm(w.publishConfirm(count))) return;
    publish.disabled = true;
    try {
      const done = await api('/notices/publish', { method: 'POST', body: { term_id: term.id, week } });
      panel.replaceChildren(el('p', { className: 'ok', role: 'status' }, w.published(done.notices)), await weekPanel({ term, week }, panel));
    } catch (error) {
      publish.disabled = false;
      out.replaceChildren(problemList(error));
    }
  } }, w.publish);
  let bulletin = null;
  try { bulletin = bulletinView(await api(`/bulletins/${term.id}/${week}`)); } catch (error) { bulletin = problemList(error); }
  return el('div', {},
    el('p', {}, `${t.week(week)} · ${published ? w.statuses.published : w.statuses.draft}`),
    published ? null : el('div', { className: 'actions' }, build, publish),
    out, el('h3', {}, w.drafts), list, bulletin);
}

export async function weeklyView() {
  const panel = el('div');
  const show = async (choice) => panel.replaceChildren(await weekPanel(choice, panel));
  const picker = await termWeekPicker({ withWeek: true, daysBack: 7, onChange: show });
  await show(picker.current());
  return el('div', {}, el('h2', {}, w.title), picker.node, panel, await openAppeals());
}
