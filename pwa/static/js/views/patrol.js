// 巡课: the lessons on now, and the patrol checklist: "all in order" is tap lesson, tap 提交.
import { now } from '../clock.js';
import { el } from '../el.js';
import { describe, grouped, loadLessons, nextSlot, slot as loadSlot } from '../lessons-now.js';
import * as outbox from '../outbox.js';
import { photoPicker } from '../photos.js';
import { go } from '../router.js';
import { rubricsFor } from '../rubrics.js';
import { session } from '../session.js';
import { t } from '../strings.js';
import { syncSoon } from '../sync.js';
import { offlineNote } from './offline-note.js';
import { renderRubric } from './rubric-form.js';

function periodBlock(title, block, patrolled, target) {
  if (!block) return [];
  const { period, lessons } = block;
  return [el('h2', {}, `${title}：${period.label} ${period.starts_at}–${period.ends_at}`),
    ...[...grouped(lessons)].flatMap(([group, list]) => [el('h3', {}, group), ...list.map((lesson) => {
      const done = patrolled.has(lesson.id);
      if (lesson.teacher.id === session.me.id) {
        return el('p', { className: 'card done' }, el('strong', {}, lesson.class_group.name), ` ${lesson.subject} · ${t.ownLesson}`);
      }
      return el('div', { className: 'lesson-row' },
        el('a', { className: `card${done ? ' done' : ''}`, href: `#${target}/${lesson.id}` },
          el('strong', {}, lesson.class_group.name), ` ${lesson.subject} · ${lesson.teacher.name}`,
          target === '/patrol' ? el('span', { className: `tag${done ? ' done' : ''}` }, done ? t.patrolled : t.notPatrolled) : null,
          el('div', { className: 'muted' }, lesson.room || '')),
        target === '/patrol' ? el('a', { className: 'button secondary', href: `#/lesson/slot/${lesson.id}`, 'aria-label': `${t.dropIn} ${describe(lesson)}` }, t.dropIn) : null);
    })])];
}

/** The lessons now and next; target is the route a lesson opens. */
export async function lessonList(target = '/patrol') {
  const lessons = await loadLessons();
  const { data, patrolled } = lessons;
  const parts = [el('p', { className: 'muted' }, `${data.date} · ${t.week(data.week)}${data.holiday ? ` · ${data.holiday}` : ''}`),
    offlineNote([lessons]),
    ...periodBlock(t.current, data.current, patrolled, target), ...periodBlock(t.next, data.next, patrolled, target)];
  if (!data.current && !data.next) parts.push(el('p', {}, t.noLessons));
  return el('div', {}, parts);
}

export const patrolHome = () => lessonList('/patrol');

function doneScreen(slotId, queued) {
  const box = el('div', {}, el('p', { className: 'ok', role: 'status' }, `✓ ${queued ? t.savedQueued : t.saved}`));
  loadLessons().catch(() => null).then((lessons) => {
    const next = lessons && nextSlot(lessons, slotId);
    box.append(next
      ? el('button', { type: 'button', className: 'wide-button', onclick: () => go(`/patrol/${next.id}`) }, `${t.nextRoom}：${describe(next)}`)
      : el('p', {}, t.noNextRoom),
    el('button', { type: 'button', className: 'wide-button secondary', onclick: () => go('/patrol') }, t.backToList));
  });
  return box;
}

export async function patrolForm({ slot: slotId }) {
  const [slotData, rubrics] = await Promise.all([loadSlot(Number(slotId)), rubricsFor('patrol')]);
  if (!slotData) return go('/patrol');
  if (!rubrics.length) return el('p', { className: 'error' }, t.noPatrolRubric);
  const rubric = rubrics[0];
  const uuid = crypto.randomUUID();
  const answers = {};
  const photos = [];
  const submit = el('button', { type: 'submit', className: 'wide-button' }, t.allGood);
  const relabel = () => { submit.textContent = Object.values(answers).some((v) => v === true) ? t.submit : t.allGood; };
  const form = el('form', {}, el('h2', {}, t.patrolForm),
    el('p', {}, el('strong', {}, describe(slotData))),
    renderRubric(rubric.definition, answers, relabel, { phrases: false }),
    photoPicker(photos, () => {}), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    await outbox.enqueue({ uuid, type: 'observation', label: `${t.kinds.patrol} · ${describe(slotData)}`, body: {
      uuid, kind: 'patrol', timetable_slot_id: slotData.id, teacher_id: slotData.teacher.id,
      class_group_id: slotData.class_group.id, observed_at: now().toISOString(),
      rubric_version_id: rubric.id, answers,
    } });
    for (const photo of photos) {
      await outbox.enqueue({ uuid: photo.uuid, type: 'photo', observationUuid: uuid, blob: photo.blob, label: t.photoOf(describe(slotData)) });
    }
    const result = await syncSoon();
    const waiting = (await outbox.items()).some((i) => i.uuid === uuid);
    form.replaceWith(doneScreen(slotData.id, waiting && result.stopped !== null));
  });
  return form;
}
