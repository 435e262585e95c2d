// 教导处: the office's screens (laid out for a desktop browser as well as a phone).
import { el } from '../../el.js';
import { t } from '../../strings.js';

export function officeHome() {
  return el('div', {}, el('h2', {}, t.office.title),
    ...[['imports', t.office.imports], ['calendar', t.office.calendar], ['rubrics', t.office.rubrics], ['weekly', t.office.weekly],
      ['records', t.office.records.title], ['settings', t.office.settings.title]]
      .map(([path, label]) => el('a', { className: 'card', href: `#/office/${path}` }, el('strong', {}, label))));
}

/** The server's message and every field message under it, as one line each; `labels` names
 * the fields for people (key → label), else a field shows as its key. */
export function problemList(error, labels = {}) {
  const lines = [];
  const walk = (value, path) => {
    if (typeof value === 'string') lines.push(path ? `${path}：${value}` : value);
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => walk(v, Array.isArray(value) ? path : (/^\d+$/.test(k) ? `${path} 第${Number(k) + 1}项` : labels[k] ?? k)));
  };
  walk(error.body?.errors, '');
  return el('div', { role: 'alert' }, el('p', { className: 'error' }, error.message),
    lines.length ? el('ul', { className: 'problems' }, lines.map((l) => el('li', {}, l))) : null);
}
