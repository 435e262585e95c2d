// 修改记录: an observation's audit trail as the office reads it: when, who, what, the changed
// fields as before → after, and why.
import { api } from '../api.js';
import { el } from '../el.js';
import { t } from '../strings.js';
import { when } from '../views/offline-note.js';

const r = t.office.records;
const LONGEST = 40;  // characters of a value shown; the record itself holds the whole text

function short(value) {
  if (value === null || value === undefined || value === '') return r.empty;
  if (typeof value === 'boolean') return value ? r.yes : r.no;
  if (Array.isArray(value) && !value.length) return r.empty;
  const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join('、') : JSON.stringify(value);
  return text.length > LONGEST ? `${text.slice(0, LONGEST)}…` : text;
}

/** One line per changed field; for answers, one per answer that changed, named by its item. */
function changeLines(changes, itemLabels) {
  return Object.entries(changes).flatMap(([name, [before, after]]) => {
    const label = r.fields[name] ?? name;
    if (name === 'observed_at') return [`${label}：${before ? when(new Date(before)) : r.empty} → ${when(new Date(after))}`];
    if (name !== 'answers' || typeof before !== 'object' || typeof after !== 'object') return [`${label}：${short(before)} → ${short(after)}`];
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
    return keys.filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]))
      .map((key) => `${label} · ${itemLabels[key] ?? key}：${short(before?.[key])} → ${short(after?.[key])}`);
  });
}

function entry(e, itemLabels) {
  const lines = changeLines(e.changes, itemLabels);
  return el('article', { className: 'card' },
    el('strong', {}, `${when(new Date(e.at))} · ${e.actor ? e.actor.name : r.system} · ${r.actions[e.action] ?? e.action}`),
    lines.length ? el('ul', {}, lines.map((line) => el('li', {}, line))) : null,
    e.reason ? el('p', {}, r.reasonWas(e.reason)) : null);
}

/** The trail of observation `id`, oldest first; itemLabels names the rubric's answer keys. */
export async function auditTrail(id, itemLabels) {
  const entries = await api(`/observations/${id}/audit`);
  return el('section', { 'aria-label': r.audit }, el('h3', {}, r.audit),
    entries.map((e) => entry(e, itemLabels)));
}
