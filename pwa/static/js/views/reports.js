// 报表: coverage (quotas, 轮回听课, over-observed), the term appraisal and the charts; a group
// head sees their group, a teacher their own row and charts (in 我的反馈).
import { api } from '../api.js';
import { el } from '../el.js';
import { hasRole, session } from '../session.js';
import { t } from '../strings.js';
import { termWeekPicker, weekBefore } from './term-pick.js';

const r = t.reports;

/** An SVG chart from our own server, inlined so it scales and reads with the page's fonts.
 * It is parsed as image/svg+xml and only its <svg> element is kept (the server draws no script). */
export async function chart(path) {
  try {
    const response = await fetch(`/api/v1${path}`, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) throw new Error(String(response.status));
    const doc = new DOMParser().parseFromString(await response.text(), 'image/svg+xml');
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

async function coverage(term) {
  const c = await api(`/terms/${term.id}/coverage`);
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

async function appraisal(term) {
  const a = await api(`/terms/${term.id}/appraisal`);
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
  const panel = el('div');
  const show = async ({ term }) => panel.replaceChildren(...await Promise.all([coverage(term), appraisal(term)]));
  const picker = await termWeekPicker({ withWeek: false, daysBack: 0, onChange: show });
  if (picker.current().term) await show(picker.current());
  return el('div', {}, el('h2', {}, r.title), picker.node, panel);
}

/** The part of 我的反馈 with my own appraisal row and my two charts for the current term. */
export async function myAppraisal() {
  const day = await weekBefore(0);
  const terms = day.term_id ? null : await api('/terms');
  const termId = day.term_id ?? terms?.[terms.length - 1]?.id;
  if (!termId) return [];
  // The rest of 我的反馈 stays readable if the appraisal cannot be computed.
  const a = await api(`/terms/${termId}/appraisal`).catch((error) => ({ rows: [], error }));
  if (a.error) return [el('h3', {}, r.myAppraisal), el('p', { className: 'error', role: 'alert' }, a.error.message)];
  const me = session.me.id;
  return [el('h3', {}, r.myAppraisal), appraisalRows({ rows: a.rows.filter((x) => x.staff_id === me) }),
    await chart(`/terms/${termId}/charts/teachers/${me}/scores.svg`),
    await chart(`/terms/${termId}/charts/teachers/${me}/sections.svg`)];
}
