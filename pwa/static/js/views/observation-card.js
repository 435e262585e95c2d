// One observation as a card: what, who, when, the server's score, comments, photos, action steps.
import { el } from '../el.js';
import { t } from '../strings.js';
import { photoThumbs } from './photo-thumbs.js';

/** The server's score in one line: patrol counts, or total, maximum and band. */
export function scoreLine(o) {
  if (o.kind === 'patrol' && !o.praise_count && !o.problem_count) return `✓ ${t.allInOrder}`;
  if (o.kind === 'patrol') return `${t.praise} ${o.praise_count} · ${t.problem} ${o.problem_count}${o.incident_count ? ` · ${t.incident} ${o.incident_count}` : ''}`;
  if (o.total === null) return '';
  const total = String(Number(o.total));
  const maximum = o.score?.maximum;
  return `${t.score} ${total}${maximum ? ` / ${maximum}` : ''}${o.band ? ` · ${o.band}` : ''}`;
}

function texts(o) {
  const named = { strengths: t.strengths, suggestions: t.suggestions, remarks: t.remarks };
  const all = { ...(o.score?.texts || {}) };
  for (const key of ['strengths', 'suggestions', 'remarks']) if (o[key]) all[key] = o[key];
  return Object.entries(all).map(([key, text]) => el('p', {}, el('strong', {}, `${named[key] || key}：`), text));
}

/** who: 'teacher' shows whom I observed, 'observer' who observed me. */
export function observationCard(o, who, ...extra) {
  const when = new Date(o.observed_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const person = who === 'observer' ? `${t.observer} ${o.observer.name}` : o.teacher.name;
  return el('article', { className: 'card' },
    el('strong', {}, `${t.kinds[o.kind]} · ${o.class_group?.name ?? ''} ${o.subject ?? ''}`),
    el('div', { className: 'muted' }, `${when} · ${person}${o.week ? ` · ${t.week(o.week)}` : ''}`),
    el('p', {}, scoreLine(o)),
    texts(o),
    photoThumbs(o.photos),
    o.action_steps.length ? el('div', {}, el('strong', {}, t.actionSteps),
      el('ul', {}, o.action_steps.map((s) => el('li', {}, s.text, s.met_at ? ` ✓ ${t.actionStepMet}` : '')))) : null,
    ...extra);
}
