// Render any rubric definition (docs/rubrics.md) as a form on the phone: scores as steppers,
// levels as buttons, checks as chips, texts as text areas with quick phrases; live subtotals,
// total and band. The same renderer previews a draft in the office's rubric editor.
import { el } from '../el.js';
import { points, scoreAnswers } from '../scoring.js';
import { t } from '../strings.js';

let ids = 0;

function toggle(button, on) {
  button.setAttribute('aria-pressed', String(on));
}

function chip(text, pressed, onclick, extra = '') {
  return el('button', { type: 'button', className: `chip ${extra}`, 'aria-pressed': String(pressed), onclick }, text);
}

function naChip(item, answers, changed, refresh) {
  if (!item.allow_na) return null;
  return chip(t.notApplicable, answers[item.key] === 'na', (e) => {
    answers[item.key] = answers[item.key] === 'na' ? null : 'na';
    toggle(e.currentTarget, answers[item.key] === 'na');
    refresh();
    changed();
  });
}

function scoreControl(item, answers, changed, id) {
  const step = Number(item.step ?? 1);
  const min = Number(item.min ?? 0);
  const max = Number(item.max);
  const input = el('input', { id, type: 'number', inputMode: 'decimal', min, max, step, value: answers[item.key] ?? '', placeholder: `${min}–${max}` });
  const set = (value) => {
    input.value = value === '' ? '' : String(Math.round(Math.min(max, Math.max(min, value)) * 100) / 100);
    answers[item.key] = input.value === '' ? null : Number(input.value);
    changed();
  };
  input.addEventListener('input', () => { answers[item.key] = input.value === '' ? null : Number(input.value); changed(); });
  const current = () => (input.value === '' ? null : Number(input.value));
  return el('div', { className: 'stepper' },
    el('button', { type: 'button', 'aria-label': `${item.label} ${t.minus} ${step}`, onclick: () => set((current() ?? max) - step) }, '−'),
    input,
    el('button', { type: 'button', 'aria-label': `${item.label} ${t.plus} ${step}`, onclick: () => set((current() ?? min) + step) }, '+'),
    el('span', { className: 'muted' }, `/ ${max}`));
}

function levelControl(item, answers, changed) {
  const buttons = item.levels.map((level) => chip(`${level.label}（${level.points}分）`,
    String(answers[item.key]) === String(level.key), () => {
      answers[item.key] = level.key;
      buttons.forEach((b, i) => toggle(b, item.levels[i].key === level.key));
      changed();
    }));
  return el('div', { className: 'levels', role: 'group', 'aria-label': item.label }, buttons);
}

function textControl(item, answers, changed, id, phrases) {
  const area = el('textarea', { id, maxLength: item.max_length ?? 5000, value: answers[item.key] ?? '' });
  area.addEventListener('input', () => { answers[item.key] = area.value; changed(); });
  const quick = phrases ? el('details', {}, el('summary', {}, t.quickPhrases),
    el('div', { className: 'chips', role: 'group', 'aria-label': `${item.label} ${t.quickPhrases}` },
      t.phrases.map((p) => el('button', { type: 'button', className: 'chip', onclick: () => {
        area.value = area.value ? `${area.value}；${p}` : p;
        answers[item.key] = area.value;
        changed();
      } }, `+ ${p}`)))) : null;
  return [area, quick];
}

function checkGroup(items, answers, changed, polarity) {
  if (!items.length) return null;
  const title = polarity === 'praise' ? t.praise : t.problem;
  return el('div', { role: 'group', 'aria-label': title },
    el('h4', { className: 'muted' }, polarity === 'praise' ? `＋ ${title}` : `⚠ ${title}`),
    el('div', { className: 'chips' }, items.map((item) => chip(
      `${item.label}${item.incident ? `（${t.incident}）` : ''} ${polarity === 'praise' ? '+' : '−'}${item.points}`,
      answers[item.key] === true,
      (e) => { answers[item.key] = answers[item.key] !== true; toggle(e.currentTarget, answers[item.key]); changed(); },
      polarity))));
}

function itemBlock(item, answers, changed, phrases) {
  const id = `item-${++ids}`;
  const label = el('label', { className: 'label', htmlFor: id }, item.label, item.required ? el('span', { className: 'muted' }, '（必填）') : null);
  let control;
  if (item.type === 'score') control = scoreControl(item, answers, changed, id);
  else if (item.type === 'level') control = levelControl(item, answers, changed);
  else control = textControl(item, answers, changed, id, phrases);
  const block = el('div', { className: 'item' }, item.type === 'level' ? el('span', { className: 'label' }, label.childNodes[0].textContent) : label,
    control, item.hint ? el('small', { className: 'muted' }, item.hint) : null);
  const refresh = () => block.querySelectorAll('input, textarea, .levels button').forEach((c) => { c.disabled = answers[item.key] === 'na'; });
  block.append(naChip(item, answers, changed, refresh) || '');
  refresh();
  return block;
}

/** Build the form; answers is changed in place and onChange(answers) runs after every change. */
export function renderRubric(definition, answers, onChange, { phrases = true } = {}) {
  const subtotals = new Map();
  // A checklist (checks and texts only) shows its counts on the chips, not a total.
  const checklist = !definition.bands && definition.sections.every((s) => s.items.every((i) => ['check', 'text'].includes(i.type)));
  const totals = el('p', { className: 'totals', 'aria-live': 'polite' });
  const update = () => {
    const score = scoreAnswers(definition, answers);
    for (const s of score.sections) {
      subtotals.get(s.key).textContent = s.applicable ? `${t.subtotal} ${points(s.points)} / ${points(s.maximum)}` : '';
    }
    totals.hidden = checklist;
    totals.textContent = `${t.total} ${points(score.total)} / ${points(score.maximum)}${score.band ? ` · ${t.band} ${score.band}` : ''}`;
  };
  const changed = () => { update(); onChange(answers); };
  const sections = definition.sections.map((section) => {
    const subtotal = el('span', { className: 'muted' });
    subtotals.set(section.key, subtotal);
    const checks = section.items.filter((i) => i.type === 'check');
    return el('section', {},
      el('div', { className: 'section-head' }, el('h3', {}, section.title), subtotal),
      checkGroup(checks.filter((i) => i.polarity === 'praise'), answers, changed, 'praise'),
      checkGroup(checks.filter((i) => i.polarity !== 'praise'), answers, changed, 'problem'),
      section.items.filter((i) => i.type !== 'check').map((i) => itemBlock(i, answers, changed, phrases)));
  });
  update();
  return el('div', { className: 'rubric' }, sections, totals);
}
