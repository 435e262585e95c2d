// 学校设置: the school's rules the office may change: the school's settings, the appraisal
// formula (考核公式) and the observation quotas (听课任务), each saved on its own. Loaded on
// demand: only the office needs it.
import { api } from '../api.js';
import { el, field } from '../el.js';
import { t } from '../strings.js';
import { input, rows } from '../views/office/calendar.js';
import { problemList } from '../views/office/index.js';

// A control for one setting: its node, and read() for the value to send.
function number(value, { optional = false } = {}) {
  const node = el('input', { type: 'number', step: 'any', value: value ?? '', required: !optional });
  return { node, read: () => (node.value === '' ? null : Number(node.value)) };
}

function checkbox(value) {
  const node = el('input', { type: 'checkbox', checked: Boolean(value) });
  return { node, read: () => node.checked };
}

function url(value) {
  const node = el('input', { type: 'url', value: value ?? '', placeholder: 'https://' });
  return { node, read: () => node.value.trim() || null };
}

function choice(value, options) {
  const node = el('select', {}, Object.entries(options).map(([key, label]) => el('option', { value: key, selected: key === value }, label)));
  return { node, read: () => node.value };
}

/** A card with a title, labelled controls (and more nodes), saving body() with `method` to path. */
function card(title, words, controls, { path, method, body, more = [] }) {
  const out = el('div', { 'aria-live': 'polite' });
  const form = el('form', { className: 'card', 'aria-label': title }, el('h3', {}, title),
    ...Object.entries(controls).map(([name, control]) => field(words.labels[name], control.node, words.hints?.[name])),
    ...more, out, el('button', { type: 'submit', className: 'wide-button' }, t.save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(path, { method, body: body() });
      out.replaceChildren(el('p', { className: 'ok', role: 'status' }, `✓ ${t.saved}`));
    } catch (error) {
      out.replaceChildren(problemList(error, words.labels));
    }
  });
  return form;
}

const readAll = (controls) => Object.fromEntries(Object.entries(controls).map(([name, c]) => [name, c.read()]));

function schoolCard(current) {
  const words = t.office.settings;
  const controls = {
    edit_window_days: number(current.edit_window_days, { optional: true }),
    appeal_days: number(current.appeal_days),
    bulletin_names_teachers: checkbox(current.bulletin_names_teachers),
    photo_retention_days: number(current.photo_retention_days),
    webhook_url: url(current.webhook_url),
    webhook_kind: choice(current.webhook_kind, words.webhookKinds),
  };
  return card(words.school, words, controls,
    { path: '/school/settings', method: 'PATCH', body: () => readAll(controls) });
}

function formulaCard(formula) {
  const words = t.office.formula;
  // In the order a person reads the formula, not the server's alphabetical one.
  const controls = Object.fromEntries(Object.keys(words.labels).map((name) => [name,
    typeof formula[name] === 'boolean' ? checkbox(formula[name]) : number(formula[name])]));
  return card(words.title, words, controls, { path: '/appraisal/formula', method: 'PUT', body: () => readAll(controls) });
}

function quotasCard(rules) {
  const words = t.office.quotas;
  const controls = {
    ...Object.fromEntries(['leader', 'group_head', 'teacher'].map((role) => [role, number(rules.by_role[role] ?? 0)])),
    over_observed_factor: number(rules.over_observed_factor),
  };
  const titles = Object.entries(rules.by_title).map(([title, count]) => ({ title, count }));
  const body = () => {
    const { over_observed_factor: factor, ...byRole } = readAll(controls);
    return { by_role: { ...rules.by_role, ...byRole }, over_observed_factor: factor,
      by_title: Object.fromEntries(titles.map(({ title, count }) => [title.trim(), count])) };
  };
  return card(words.title, words, controls, { path: '/quotas/rules', method: 'PUT', body, more: [
    el('h4', {}, words.byTitle),
    rows(titles, (row) => [input(row, 'title', words.jobTitle), input(row, 'count', words.count, 'number')],
      words.addTitle, () => ({ title: '', count: 0 }))] });
}

export async function settingsView() {
  const [current, formula, rules] = await Promise.all(
    ['/school/settings', '/appraisal/formula', '/quotas/rules'].map((path) => api(path)));
  return el('div', {}, el('h2', {}, t.office.settings.title),
    schoolCard(current), formulaCard(formula), quotasCard(rules));
}
