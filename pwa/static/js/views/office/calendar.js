// 校历: terms with their holidays and 调休 make-up days.
import { api } from '../../api.js';
import { el, field } from '../../el.js';
import { go } from '../../router.js';
import { t } from '../../strings.js';
import { problemList } from './index.js';

const WEEKDAYS = ['一', '二', '三', '四', '五'];

/** Editable rows of `list`: make(entry) gives a row's controls; each row can be removed. */
export function rows(list, make, addLabel, blank) {
  const box = el('div');
  const draw = () => box.replaceChildren(...list.map((entry, i) => el('div', { className: 'actions' },
    ...make(entry),
    el('button', { type: 'button', className: 'danger', 'aria-label': `${t.office.remove} ${i + 1}`, onclick: () => { list.splice(i, 1); draw(); } }, t.office.remove))),
  el('button', { type: 'button', className: 'secondary', onclick: () => { list.push(blank()); draw(); } }, addLabel));
  draw();
  return box;
}

/** A labelled input bound to entry[key]. */
export function input(entry, key, label, type = 'text') {
  const node = el('input', { type, value: entry[key] ?? '', required: true });
  node.addEventListener('input', () => { entry[key] = type === 'number' ? Number(node.value) : node.value; });
  return field(label, node);
}

function termForm(term, saved) {
  const data = structuredClone(term);
  const out = el('div');
  const weekday = (entry) => {
    const select = el('select', {}, WEEKDAYS.map((d, i) => el('option', { value: i + 1, selected: entry.follows_weekday === i + 1 }, `星期${d}`)));
    select.addEventListener('change', () => { entry.follows_weekday = Number(select.value); });
    return field(t.office.follows, select);
  };
  const form = el('form', { className: 'card' },
    input(data, 'name', t.office.name), input(data, 'first_monday', t.office.firstMonday, 'date'),
    input(data, 'week_count', t.office.weekCount, 'number'),
    el('h3', {}, t.office.holidays),
    rows(data.holidays, (h) => [input(h, 'name', t.office.name), input(h, 'starts_on', t.office.from, 'date'), input(h, 'ends_on', t.office.to, 'date')],
      t.office.addHoliday, () => ({ name: '', starts_on: '', ends_on: '' })),
    el('h3', {}, t.office.makeupDays),
    rows(data.makeup_days, (m) => [input(m, 'on', t.office.on, 'date'), weekday(m), input(m, 'note', t.office.note)],
      t.office.addMakeup, () => ({ on: '', follows_weekday: 1, note: '' })),
    out, el('button', { type: 'submit', className: 'wide-button' }, t.save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { name: data.name, first_monday: data.first_monday, week_count: data.week_count, holidays: data.holidays, makeup_days: data.makeup_days };
    try {
      await api(term.id ? `/terms/${term.id}` : '/terms', { method: term.id ? 'PATCH' : 'POST', body });
      out.replaceChildren(el('p', { className: 'ok', role: 'status' }, `✓ ${t.saved}`));
      saved();
    } catch (error) {
      out.replaceChildren(problemList(error));
    }
  });
  return form;
}

export async function calendarView() {
  const terms = await api('/terms');
  const box = el('div', {}, el('h2', {}, t.office.calendar));
  const blank = { name: '', first_monday: '', week_count: 20, holidays: [], makeup_days: [] };
  for (const term of [...terms, blank]) {
    const name = term.id ? term.name : t.office.newTerm;
    box.append(el('section', { 'aria-label': name }, el('h3', {}, name), termForm(term, () => term.id || go('/office/calendar'))));
  }
  return box;
}
