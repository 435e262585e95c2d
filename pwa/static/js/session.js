// Who is signed in (kept on the phone so the app opens offline) and what their roles allow.
// The copies of what they read (api.js cachedGet, under READS) are theirs alone: dropped when
// they sign out and when someone else signs in on the same phone, so no one sees another's
// feedback. The outbox is not dropped: it waits for its owner (outbox.js).
import * as db from './db.js';

export const session = { me: null };
export const READS = 'get:';

export function hasRole(...roles) {
  return roles.some((r) => session.me?.roles.includes(r));
}

export async function remember(me) {
  const before = await db.get('saved', 'me');
  if (before && before.id !== me.id) await db.removeAll('saved', READS);
  session.me = me;
  await db.put('saved', 'me', me);
}

export async function remembered() {
  return db.get('saved', 'me');
}

export async function forget() {
  session.me = null;
  await db.remove('saved', 'me');
  await db.removeAll('saved', READS);
}

/** The tabs this person may use, in order: [route, label key]. */
export function tabs() {
  const list = [];
  if (hasRole('leader', 'admin')) list.push(['/patrol', 'patrol']);
  if (hasRole('leader', 'admin', 'group_head')) list.push(['/lesson', 'lesson']);
  if (hasRole('leader', 'admin', 'group_head')) list.push(['/history', 'history']);
  if (hasRole('teacher')) list.push(['/feedback', 'feedback']);
  if (hasRole('admin')) list.push(['/office', 'office']);
  if (hasRole('leader', 'admin', 'group_head')) list.push(['/reports', 'reports']);
  list.push(['/notifications', 'notifications']);
  return list;
}
