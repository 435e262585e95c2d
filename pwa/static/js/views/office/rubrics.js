// 评价表: list, start from a template, edit the draft's JSON with the server's per-item problems,
// preview it as the phone renders it (the same renderer as 听课), publish.
import { api } from '../../api.js';
import { el, field } from '../../el.js';
import { go } from '../../router.js';
import { t } from '../../strings.js';
import { renderRubric } from '../rubric-form.js';
import { problemList } from './index.js';

const PREVIEW_DELAY_MS = 400;
// The order a person reads a definition in (the server's JSON sorts keys alphabetically).
const KEY_ORDER = ['title', 'kinds', 'key', 'type', 'label', 'polarity', 'points', 'incident', 'min', 'max', 'step',
  'cap', 'floor', 'required', 'allow_na', 'max_length', 'hint', 'levels', 'items', 'sections', 'bands'];

function tidy(value) {
  if (Array.isArray(value)) return value.map(tidy);
  if (!value || typeof value !== 'object') return value;
  const rank = (k) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  return Object.fromEntries(Object.keys(value).sort((a, b) => rank(a) - rank(b)).map((k) => [k, tidy(value[k])]));
}

export async function rubricList() {
  const [rubrics, templates] = await Promise.all([api('/rubrics?include_archived=true'), api('/rubrics/templates')]);
  const template = el('select', {}, templates.map((tp) => el('option', { value: tp.name }, tp.title)));
  const out = el('div');
  const create = async () => {
    try {
      const made = await api('/rubrics', { method: 'POST', body: { template: template.value } });
      go(`/office/rubrics/${made.rubric.id}`);
    } catch (error) {
      out.replaceChildren(problemList(error));
    }
  };
  return el('div', {}, el('h2', {}, t.office.rubrics),
    rubrics.map((r) => el('a', { className: 'card', href: `#/office/rubrics/${r.id}` }, el('strong', {}, r.title),
      el('div', { className: 'muted' }, [r.latest ? t.office.published(r.latest.number) : '', r.has_draft ? t.office.draft : '',
        r.archived ? t.office.archived : ''].filter(Boolean).join(' · ')))),
    el('h3', {}, t.office.newFromTemplate),
    field(t.office.template, template), el('button', { type: 'button', className: 'wide-button', onclick: create }, t.office.create), out);
}

function problemsOf(problems) {
  if (!problems.length) return el('p', { className: 'ok', role: 'status' }, t.office.valid);
  return el('ul', { className: 'problems', role: 'alert' }, problems.map((p) =>
    el('li', { className: 'error' }, el('code', {}, p.path), ' ', p.message)));
}

export async function rubricEditor({ id }) {
  const rubric = await api(`/rubrics/${id}`);
  const start = rubric.draft ?? rubric.latest.definition;
  const text = el('textarea', { className: 'code', spellcheck: false, value: JSON.stringify(tidy(start), null, 2) });
  const status = el('div', { 'aria-live': 'polite' });
  const preview = el('div', { className: 'preview' });
  let timer = null;

  const parsed = () => {
    try {
      return JSON.parse(text.value);
    } catch (error) {
      status.replaceChildren(el('p', { className: 'error', role: 'alert' }, t.office.badJson(error.message)));
      return null;
    }
  };
  const drawPreview = () => {
    const definition = parsed();
    if (!definition) return;
    try {
      preview.replaceChildren(renderRubric(definition, {}, () => {}));
    } catch {
      preview.replaceChildren(el('p', { className: 'muted' }, t.office.previewUnavailable));
    }
  };
  const act = async (action) => {
    const definition = parsed();
    if (!definition) return;
    try {
      status.replaceChildren(await action(definition));
    } catch (error) {
      status.replaceChildren(problemList(error));
    }
  };
  const check = () => act(async (definition) => problemsOf((await api('/rubrics/validate', { method: 'POST', body: { definition } })).problems));
  const save = () => act(async (definition) => {
    const saved = await api(`/rubrics/${id}/draft`, { method: 'PUT', body: { definition } });
    return el('div', {}, el('p', { className: 'ok', role: 'status' }, `✓ ${t.saved}`), problemsOf(saved.problems));
  });
  const publish = () => act(async (definition) => {
    const saved = await api(`/rubrics/${id}/draft`, { method: 'PUT', body: { definition } });
    if (saved.problems.length) return problemsOf(saved.problems);
    const version = await api(`/rubrics/${id}/publish`, { method: 'POST' });
    return el('p', { className: 'ok', role: 'status' }, t.office.publishedOk(version.number));
  });
  text.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(drawPreview, PREVIEW_DELAY_MS); });
  drawPreview();
  return el('div', {}, el('h2', {}, rubric.title),
    el('p', { className: 'muted' }, rubric.latest ? t.office.published(rubric.latest.number) : t.office.draft),
    el('div', { className: 'editor' },
      el('div', {}, field(t.office.json, text),
        el('div', { className: 'actions' },
          el('button', { type: 'button', className: 'secondary', onclick: check }, t.office.validate),
          el('button', { type: 'button', className: 'secondary', onclick: save }, t.office.saveDraft),
          el('button', { type: 'button', onclick: publish }, t.office.publish)),
        status),
      el('section', { 'aria-label': t.office.preview }, el('h3', {}, t.office.preview), preview)));
}
