// The lessons on now and next period, grouped by floor (or grade), with today's patrols marked.
import { api, cachedGet } from './api.js';
import { fixedAt, localDate, now } from './clock.js';
import * as db from './db.js';
import * as outbox from './outbox.js';
import { session } from './session.js';

export async function loadLessons() {
  const query = fixedAt ? `?at=${encodeURIComponent(fixedAt)}` : '';
  const { data, fresh, at } = await cachedGet(`/lessons/now${query}`);
  const slots = [data.current, data.next].filter(Boolean).flatMap((block) => block.lessons);
  await Promise.all(slots.map((slot) => db.put('saved', `slot:${slot.id}`, slot)));
  return { data, fresh, at, patrolled: await patrolledToday(data.date) };
}

/** Slot ids patrolled by me today: on the server, or waiting in the outbox. */
async function patrolledToday(date) {
  const ids = new Set();
  const today = localDate(now());
  for (const item of await outbox.items()) {
    if (item.body?.kind === 'patrol' && localDate(new Date(item.body.observed_at)) === today) ids.add(item.body.timetable_slot_id);
  }
  try {
    const page = await api(`/observations?observer_id=${session.me.id}&kind=patrol&date_from=${date}&date_to=${date}&per_page=100`);
    page.items.forEach((o) => ids.add(o.timetable_slot_id));
  } catch { /* offline: the outbox's marks are what we know */ }
  return ids;
}

export function slot(id) {
  return db.get('saved', `slot:${id}`);
}

/** Group a period's lessons by floor where the school set floors, else by grade. */
export function grouped(lessons) {
  const groups = new Map();
  for (const lesson of lessons) {
    const name = lesson.class_group.floor || lesson.class_group.grade.name;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(lesson);
  }
  return groups;
}

/** The slot to visit after `id`: the next one in the list not yet patrolled. */
export function nextSlot({ data, patrolled }, id) {
  const order = [data.current, data.next].filter(Boolean).flatMap((b) => [...grouped(b.lessons).values()].flat());
  const at = order.findIndex((s) => s.id === Number(id));
  return [...order.slice(at + 1), ...order.slice(0, at)]
    .find((s) => !patrolled.has(s.id) && s.teacher.id !== session.me.id) ?? null;
}

export function describe(slotData) {
  return `${slotData.class_group.name} · ${slotData.subject} · ${slotData.teacher.name}${slotData.room ? ` · ${slotData.room}` : ''}`;
}
