// 评价表编辑: the office edits a draft as a form, or as JSON under 高级; both edit one definition
// object. The phone preview (the same renderer as 听课) follows every change, the server checks
// the draft shortly after each change, and the work in progress is kept on this computer until
// the server has it, so closing the tab loses nothing. Loaded on demand: only the office needs it.
import { api, ApiError } from '../api.js';
import * as db from '../db.js';
import { el, field } from '../el.js';
import { go } from '../router.js';
import { t } from '../strings.js';
import { problemList } from '../views/office/index.js';
import { renderRubric } from '../views/rubric-form.js';
import { basedOn, conflictNotice, sameBase } from './rubric-conflict.js';
import { definitionForm } from './rubric-fields.js';

const SAVE_DELAY_MS = 300;
const CHECK_DELAY_MS = 800;
// The order a person reads a definition in (the server's JSON sorts keys alphabetically).
const KEY_ORDER = ['title', 'kinds', 'key', 'type', 'label', 'polarity', 'points', 'incident', 'min', 'max', 'step',
  'cap', 'floor', 'required', 'allow_na', 'max_length', 'hint', 'levels', 'items', 'sections', 'bands'];

function tidy(value) {
  if (Array.isArray(value)) return value.map(tidy);
  if (!value || typeof value !== 'object') return value;
  const rank = (k) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  return Object.fromEntries(Object.keys(value).sort((a, b) => rank(a) - rank(b)).map((k) => [k, tidy(value[k])]));
}

const asJson = (definition) => JSON.stringify(tidy(definition), null, 2);

function summary(problems) {
  if (!problems.length) return el('p', { className: 'ok', role: 'status' }, t.office.valid);
  return el('div', { role: 'alert' }, el('p', { className: 'error' }, t.office.problemsFound(problems.length)),
    el('ul', { className: 'problems' }, problems.map((p) => el('li', {}, p.message))));
}

export async function rubricEditor({ id }) {
  const rubric = await api(`/rubrics/${id}`);
  const localKey = `rubric:${id}`;
  const server = rubric.draft ?? rubric.latest.definition;
  const stored = await db.get('drafts', localKey);
  const restored = stored && asJson(stored.definition) !== asJson(server);
  const reopen = () => go(`/office/rubrics/${id}`);
  const keepLocal = (work, on) => db.put('drafts', localKey, { definition: work, based_on: on });
  if (restored && !sameBase(stored.based_on, basedOn(rubric))) {
    return el('div', {}, el('h2', {}, rubric.title), conflictNotice(rubric, stored.based_on, {
      keepMine: () => keepLocal(stored.definition, basedOn(rubric)).then(reopen),
      useServer: () => db.remove('drafts', localKey).then(reopen),
    }));
  }
  let definition = structuredClone(restored ? stored.definition : server);
  let base = basedOn(rubric); // what the next save says it is based on
  const answers = {}; // what the office tries out in the preview
  const preview = el('div', { className: 'preview' });
  const problems = el('div', { 'aria-live': 'polite' });
  const status = el('div', { 'aria-live': 'polite' });
  const json = el('textarea', { className: 'code', spellcheck: false });
  const jsonStatus = el('div', { 'aria-live': 'polite' });
  const advanced = el('details', {}, el('summary', {}, t.office.advanced), field(t.office.json, json), jsonStatus);
  const formSlot = el('div');
  let form = null;
  let saveTimer = null;
  let checkTimer = null;
  let jsonProblem = null;

  const show = (list) => {
    form.showProblems(list);
    problems.replaceChildren(summary(list));
  };
  const check = async () => {
    clearTimeout(checkTimer);
    try {
      show((await api('/rubrics/validate', { method: 'POST', body: { definition } })).problems);
    } catch (error) {
      problems.replaceChildren(problemList(error));
    }
  };
  const drawPreview = () => {
    try {
      preview.replaceChildren(renderRubric(definition, answers, () => {}));
    } catch {
      preview.replaceChildren(el('p', { className: 'muted' }, t.office.previewUnavailable));
    }
  };
  // While the JSON does not parse, the form shows the last definition that did; saving that
  // instead of what is on screen would surprise, so the buttons wait until the JSON is fixed.
  const jsonBroken = (message) => {
    jsonProblem = message;
    jsonStatus.replaceChildren(message ? el('p', { className: 'error', role: 'alert' }, message) : '');
  };
  const changed = ({ fromJson = false } = {}) => {
    drawPreview();
    if (!fromJson) {
      json.value = asJson(definition);
      jsonBroken(null);
    }
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => keepLocal(definition, base), SAVE_DELAY_MS);
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, CHECK_DELAY_MS);
  };
  const drawForm = () => {
    form = definitionForm(definition, changed);
    formSlot.replaceChildren(form.node);
  };
  const forgetLocal = () => {
    clearTimeout(saveTimer);
    return db.remove('drafts', localKey);
  };

  json.addEventListener('input', () => {
    let parsed;
    try {
      parsed = JSON.parse(json.value);
    } catch (error) {
      jsonBroken(t.office.badJson(error.message));
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      jsonBroken(t.office.notObject);
      return;
    }
    jsonBroken(null);
    definition = parsed;
    drawForm();
    changed({ fromJson: true });
  });

  const act = async (action) => {
    clearTimeout(checkTimer);
    if (jsonProblem) {
      status.replaceChildren(el('p', { className: 'error', role: 'alert' }, jsonProblem));
      return;
    }
    try {
      status.replaceChildren(await action());
    } catch (error) {
      status.replaceChildren(error instanceof ApiError && error.body?.error === 'stale_draft'
        ? await askAfterStaleSave().catch(problemList) : problemList(error));
    }
  };
  // The server kept the other version; this computer keeps the work until the office chooses.
  const askAfterStaleSave = async () => {
    clearTimeout(saveTimer);
    await keepLocal(definition, base);
    const now = await api(`/rubrics/${id}`);
    return conflictNotice(now, base, {
      keepMine: () => keepLocal(definition, basedOn(now)).then(reopen),
      useServer: () => forgetLocal().then(reopen),
      lead: t.office.notSaved,
    });
  };
  const saveDraft = async () => {
    const sent = asJson(definition);
    const saved = await api(`/rubrics/${id}/draft`, { method: 'PUT', body: { definition, based_on: base } });
    base = basedOn(saved.rubric);
    // What was typed while the save was on its way is not on the server: keep it here.
    await (asJson(definition) === sent ? forgetLocal() : keepLocal(definition, base));
    show(saved.problems);
    return saved.problems;
  };
  const save = () => act(async () => {
    await saveDraft();
    return el('p', { className: 'ok', role: 'status' }, `✓ ${t.saved}`);
  });
  const publish = () => act(async () => {
    const left = await saveDraft();
    if (left.length) return el('p', { className: 'error', role: 'alert' }, t.office.problemsFound(left.length));
    const version = await api(`/rubrics/${id}/publish`, { method: 'POST' });
    base = { version: version.number, draft_updated_at: null };
    return el('p', { className: 'ok', role: 'status' }, t.office.publishedOk(version.number));
  });

  drawForm();
  drawPreview();
  json.value = asJson(definition);
  check();
  return el('div', {}, el('h2', {}, rubric.title),
    el('p', { className: 'muted' }, rubric.latest ? t.office.published(rubric.latest.number) : t.office.draft),
    restored ? el('div', { role: 'status' }, el('p', { className: 'muted' }, t.office.restored),
      el('button', { type: 'button', className: 'secondary', onclick: async () => {
        await forgetLocal();
        go(`/office/rubrics/${id}`);
      } }, t.office.discardLocal)) : null,
    el('div', { className: 'editor' },
      el('div', {}, formSlot, advanced, problems,
        el('div', { className: 'actions' },
          el('button', { type: 'button', className: 'secondary', onclick: check }, t.office.validate),
          el('button', { type: 'button', className: 'secondary', onclick: save }, t.office.saveDraft),
          el('button', { type: 'button', onclick: publish }, t.office.publish)),
        status),
      el('section', { 'aria-label': t.office.preview }, el('h3', {}, t.office.preview), preview)));
}
