// Pick a term (and a week): defaults to the term of a given day, e.g. the week just ended.
import { cachedGet, OfflineError } from '../api.js';
import { localDate, now } from '../clock.js';
import { el, field } from '../el.js';
import { t } from '../strings.js';

/** The term and teaching week a number of days before today ({term_id, week} may be null). */
export async function weekBefore(days) {
  const date = localDate(new Date(now().getTime() - days * 86400000));
  // Offline on a day not read before: no term known, so pickers fall back to the latest term.
  return (await cachedGet(`/calendar/day?date=${date}`).catch((error) => {
    if (error instanceof OfflineError) return { data: { term_id: null, week: null } };
    throw error;
  })).data;
}

/** Selects for term (and week, when withWeek); onChange({term, week}) on every change. */
export async function termWeekPicker({ withWeek, daysBack, onChange }) {
  const [terms, day] = await Promise.all([cachedGet('/terms').then((read) => read.data), weekBefore(daysBack)]);
  const term = terms.find((x) => x.id === day.term_id) ?? terms[terms.length - 1];
  const termSelect = el('select', {}, terms.map((x) => el('option', { value: x.id, selected: x.id === term?.id }, x.name)));
  const weekSelect = el('select');
  const fillWeeks = (chosen) => {
    const count = terms.find((x) => x.id === Number(termSelect.value))?.week_count ?? 0;
    weekSelect.replaceChildren(...Array.from({ length: count }, (_, i) =>
      el('option', { value: i + 1, selected: i + 1 === chosen }, t.week(i + 1))));
  };
  fillWeeks(day.term_id === term?.id ? day.week ?? 1 : 1);
  const changed = () => onChange({ term: terms.find((x) => x.id === Number(termSelect.value)), week: Number(weekSelect.value) });
  termSelect.addEventListener('change', () => { fillWeeks(1); changed(); });
  weekSelect.addEventListener('change', changed);
  const node = el('div', { className: 'actions' }, field(t.weekly.term, termSelect), withWeek ? field(t.weekly.week, weekSelect) : null);
  return { node, changed, current: () => ({ term: terms.find((x) => x.id === Number(termSelect.value)), week: Number(weekSelect.value) }) };
}
