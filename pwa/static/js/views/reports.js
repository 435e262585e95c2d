// 报表: coverage (quotas, 轮回听课, over-observed), the term appraisal and the charts; a group
// head sees their group, a teacher their own row and charts (in 我的反馈).
import { api, cachedGet, readAs } from '../api.js';
import { el } from '../el.js';
import { hasRole, session } from '../session.js';
import { t } from '../strings.js';
import { offlineNote } from './offline-note.js';
import { termWeekPicker, weekBefore } from './term-pick.js';

const r = t.reports;

/** An SVG chart from our own server, inlined so it scales and reads with the page's fonts.
 * It is parsed as image/svg+xml and only its <svg> element is kept (the server draws no script). */
export async function chart(path) {
  try {
    const { data } = await cachedGet(path, readAs('text'));
    const doc = new DOMParser().parseFromString(data, 'image/svg+xml');
    const svg = doc.documentElement;
    if (svg.localName !== 'svg') throw new Error('not svg');
    svg.querySelectorAll('script, foreignObject').forEach((node) => node.remove());
    svg.setAttribute('role', 'img');
    svg.classList.add('chart');
    return el('figure', { className: 'chart-box' }, document.importNode(svg, true));
  } catch {
    return el('p', { className: 'error', role: 'alert' }, r.chartFailed);
  }
}

const table = (heads, rows) => el('div', { className: 'scroll' }, el('table', {},
  el('thead', {}, el('tr', {}, heads.map((h) => el('th', { scope: 'col' }, h)))),
  el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c ?? '—')))))));

async function coverage(term, reads) {
  const read = await cachedGet(`/terms/${term.id}/coverage`);
  reads.push(read);
  const c = read.data;
  return el('section', {}, el('h3', {}, r.coverage),
    el('p', { className: 'muted' }, r.onDate(c.on, c.month.label)),
    el('a', { className: 'button secondary', href: `/api/v1/terms/${term.id}/coverage.xlsx?on=${c.on}`, download: '' }, r.xlsx),
    el('h4', {}, r.quotas),
    table([r.columns.name, r.required, r.done, r.expected, ''], c.quotas.map((q) =>
      [q.name, q.required, q.done, q.expected_to_date, q.behind ? r.behind : r.onTrack])),
    el('h4', {}, r.unobserved),
    c.unobserved.length ? table([r.columns.name, r.columns.group, r.lastVisit], c.unobserved.map((u) =>
      [u.name, u.group_name, u.last_leader_visit ?? r.never])) : el('p', { className: 'muted' }, r.nobody),
    el('h4', {}, r.overObserved(c.over_observed.threshold)),
    c.over_observed.teachers.length ? el('ul', {}, c.over_observed.teachers.map((x) => el('li', {}, `${x.name} · ${x.lessons}`)))
      : el('p', { className: 'muted' }, r.nobody),
    await chart(`/terms/${term.id}/charts/coverage.svg`));
}

function appraisalRows(a) {
  const k = r.columns;
  return table([k.name, k.group, k.lessons, k.mean, k.praise, k.problems, k.incidents, k.result, k.eligible],
    a.rows.map((x) => [x.name, x.group_name, x.lessons_counted, x.mean_lesson_score, x.praise_points,
      x.problem_deduction, x.incident_deduction, x.result, x.excellence_eligible ? r.yes : r.no]));
}

async function appraisal(term, reads = []) {
  const read = await cachedGet(`/terms/${term.id}/appraisal`);
  reads.push(read);
  const a = read.data;
  const box = el('section', {}, el('h3', {}, r.appraisal));
  if (a.frozen) box.append(el('p', { className: 'ok' }, r.frozen(new Date(a.frozen_at).toLocaleDateString('zh-CN'))));
  box.append(el('a', { className: 'button secondary', href: `/api/v1/terms/${term.id}/appraisal.xlsx`, download: '' }, r.xlsx), appraisalRows(a));
  if (hasRole('admin') && !a.frozen) {
    const out = el('div');
    const close = el('button', { type: 'button', className: 'danger wide-button', onclick: async () => {
      if (!confirm(r.closeConfirm)) return;
      close.disabled = true;
      try {
        await api(`/terms/${term.id}/appraisal/close`, { method: 'POST' });
        box.replaceWith(await appraisal(term));
      } catch (error) {
        close.disabled = false;
        out.replaceChildren(el('p', { className: 'error', role: 'alert' }, error.message));
      }
    } }, r.closeTerm);
    box.append(close, out);
  }
  return box;
}

export async function reportsView() {
  const note = el('div');
  const panel = el('div');
  const show = async ({ term }) => {
    const reads = [];
    const parts = await Promise.all([coverage(term, reads), appraisal(term, reads)]);
    note.replaceChildren(offlineNote(reads) ?? '');
    panel.replaceChildren(...parts);
  };
  const picker = await termWeekPicker({ withWeek: false, daysBack: 0, onChange: show });
  if (picker.current().term) await show(picker.current());
  return el('div', {}, el('h2', {}, r.title), note, picker.node, panel);
}

/** The part of 我的反馈 with my own appraisal row and my two charts for the current term. */
export async function myAppraisal(reads) {
  const day = await weekBefore(0);
  const terms = day.term_id ? null : (await cachedGet('/terms')).data;
  const termId = day.term_id ?? terms?.[terms.length - 1]?.id;
  if (!termId) return [];
  // The rest of 我的反馈 stays readable if the appraisal cannot be computed (or was never read).
  const read = await cachedGet(`/terms/${termId}/appraisal`).catch((error) => ({ data: { rows: [], error } }));
  reads.push(read);
  const a = read.data;
  if (a.error) return [el('h3', {}, r.myAppraisal), el('p', { className: 'error', role: 'alert' }, a.error.message)];
  const me = session.me.id;
  return [el('h3', {}, r.myAppraisal), appraisalRows({ rows: a.rows.filter((x) => x.staff_id === me) }),
    await chart(`/terms/${termId}/charts/teachers/${me}/scores.svg`),
    await chart(`/terms/${termId}/charts/teachers/${me}/sections.svg`)];
}
