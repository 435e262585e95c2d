// 听课: a drop-in on a lesson from the timetable, or an open lesson I rate. The draft is kept on
// the phone while typing (answers, comments, photos) and restored when the form opens again.
import { api, cachedGet } from '../api.js';
import { localDate, now } from '../clock.js';
import * as db from '../db.js';
import { el, field } from '../el.js';
import { describe, slot as loadSlot } from '../lessons-now.js';
import * as outbox from '../outbox.js';
import { photoPicker } from '../photos.js';
import { go } from '../router.js';
import { rubricsFor } from '../rubrics.js';
import { session } from '../session.js';
import { t } from '../strings.js';
import { syncSoon } from '../sync.js';
import { lessonList } from './patrol.js';
import { renderRubric } from './rubric-form.js';

const SAVE_DELAY_MS = 300;

export async function lessonHome() {
  const list = await lessonList('/lesson/slot');
  try {
    const lessons = (await api('/open-lessons')).filter((l) => l.raters.includes(session.me.id));
    if (lessons.length) {
      list.prepend(el('h2', {}, t.openLessons), ...lessons.map((l) => el('a', { className: 'card', href: `#/lesson/open/${l.id}` },
        el('strong', {}, l.title || l.subject), ` ${l.teacher.name} · ${new Date(l.starts_at).toLocaleString('zh-CN')}`)));
    }
  } catch { /* offline: the timetable is still there */ }
  return list;
}

async function target(kind, id) {
  if (kind === 'slot') {
    const s = await loadSlot(Number(id));
    return s && { title: describe(s), teacherId: s.teacher.id, body: { kind: 'drop_in', timetable_slot_id: s.id, teacher_id: s.teacher.id, class_group_id: s.class_group.id } };
  }
  const { data: l } = await cachedGet(`/open-lessons/${id}`);
  return { title: `${l.title || l.subject} · ${l.teacher.name}`, teacherId: l.teacher.id, versionId: l.rubric_version_id, body: { kind: 'open_lesson', open_lesson_id: l.id } };
}

function actionSteps(steps, draft, save) {
  if (!steps.length) return null;
  return el('section', {}, el('h3', {}, t.actionSteps), steps.map((step) => {
    const box = el('input', { type: 'checkbox', checked: draft.met.includes(step.id) });
    box.addEventListener('change', () => {
      draft.met = box.checked ? [...draft.met, step.id] : draft.met.filter((m) => m !== step.id);
      save();
    });
    return el('label', { className: 'field' }, box, ` ${step.text} `, el('small', { className: 'muted' }, `（${t.actionStepMet}）`));
  }));
}

export async function lessonForm({ kind, id }) {
  const what = await target(kind, id);
  if (!what) return go('/lesson');
  // A timetable slot comes back every week: a draft belongs to the day it was started on, and
  // to its observer (another person signing in on this phone starts their own).
  const key = `lesson:${session.me.id}:${kind}:${id}:${localDate(now())}`;
  const stored = await db.get('drafts', key);
  const draft = stored ?? { uuid: crypto.randomUUID(), rubric: null, answers: {}, photos: [], met: [], steps: '', talk: false };
  let rubrics = await rubricsFor(what.body.kind);
  if (what.versionId) rubrics = rubrics.filter((r) => r.id === what.versionId);
  if (!rubrics.length) return el('p', { className: 'error' }, t.noLessonRubric);
  let rubric = rubrics.find((r) => r.id === draft.rubric) ?? rubrics[0];
  draft.rubric = rubric.id;
  let timer = null;
  const save = () => { clearTimeout(timer); timer = setTimeout(() => db.put('drafts', key, draft), SAVE_DELAY_MS); };
  const steps = await cachedGet(`/action-steps?teacher_id=${what.teacherId}`).then((r) => r.data).catch(() => []);

  const formSlot = el('div');
  const drawRubric = () => formSlot.replaceChildren(renderRubric(rubric.definition, draft.answers, save));
  const picker = el('select', {}, rubrics.map((r) => el('option', { value: r.id, selected: r.id === rubric.id }, r.title)));
  picker.addEventListener('change', () => {
    rubric = rubrics.find((r) => r.id === Number(picker.value));
    draft.rubric = rubric.id;
    draft.answers = {};
    drawRubric();
    save();
  });
  const newSteps = el('textarea', { value: draft.steps });
  newSteps.addEventListener('input', () => { draft.steps = newSteps.value; save(); });
  const talk = el('input', { type: 'checkbox', checked: draft.talk });
  talk.addEventListener('change', () => { draft.talk = talk.checked; save(); });
  const submit = el('button', { type: 'submit', className: 'wide-button' }, t.submit);
  drawRubric();

  const form = el('form', {}, el('h2', {}, t.kinds[what.body.kind]), el('p', {}, el('strong', {}, what.title)),
    stored ? el('p', { className: 'muted', role: 'status' }, t.draftRestored) : null,
    rubrics.length > 1 ? field(t.rubric, picker) : null,
    actionSteps(steps, draft, save), formSlot,
    field(t.newActionSteps, newSteps), el('label', { className: 'field' }, talk, ` ${t.talkHeld}`),
    photoPicker(draft.photos, save), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    clearTimeout(timer);
    await outbox.enqueue({ uuid: draft.uuid, type: 'observation', label: `${t.kinds[what.body.kind]} · ${what.title}`, body: {
      ...what.body, uuid: draft.uuid, observed_at: now().toISOString(), rubric_version_id: rubric.id,
      answers: draft.answers, talk_held: draft.talk, met_action_step_ids: draft.met,
      action_steps: draft.steps.split('\n').map((s) => s.trim()).filter(Boolean),
    } });
    for (const photo of draft.photos) {
      await outbox.enqueue({ uuid: photo.uuid, type: 'photo', observationUuid: draft.uuid, blob: photo.blob, label: t.photoOf(what.title) });
    }
    await db.remove('drafts', key);
    syncSoon();
    form.replaceWith(el('div', {}, el('p', { className: 'ok', role: 'status' }, `✓ ${t.savedQueued}`),
      el('a', { className: 'button wide-button', href: '#/lesson' }, t.back)));
  });
  return form;
}
