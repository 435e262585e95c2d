// 通知: my in-app notifications, newest first; the nav shows how many are unread.
import { api, cachedGet } from '../api.js';
import { el } from '../el.js';
import { go } from '../router.js';
import { t } from '../strings.js';
import { offlineNote } from './offline-note.js';

/** Put the unread count on the nav's 通知 tab (text, not only a colour). */
export async function refreshUnread(nav) {
  const link = nav.querySelector('a[data-path="/notifications"]');
  if (!link) return;
  let unread = 0;
  try { unread = (await api('/notifications')).unread; } catch { return; /* offline: keep what is shown */ }
  link.querySelector('.count')?.remove();
  if (unread) link.append(el('span', { className: 'count', 'aria-label': t.notify.unread(unread) }, ` ${unread}`));
}

/** Opening a notice reads the notifications about it (no need to open them as well). */
export async function markNoticeRead(noticeId) {
  try {
    const { items } = await api('/notifications');
    const unread = items.filter((note) => note.notice_id === noticeId && !note.read_at);
    await Promise.all(unread.map((note) => api(`/notifications/${note.id}/read`, { method: 'POST' })));
    if (unread.length) refreshUnread(document.getElementById('nav'));
  } catch { /* offline: they stay unread until the next visit */ }
}

async function open(note) {
  // Offline the note stays unread (the server is told on a later visit); the notice still opens.
  if (!note.read_at) await api(`/notifications/${note.id}/read`, { method: 'POST' }).catch(() => {});
  refreshUnread(document.getElementById('nav'));
  if (note.notice_id) go(`/notices/${note.notice_id}`);
  else go('/notifications');
}

export async function notificationsView() {
  const read = await cachedGet('/notifications');
  const { items } = read.data;
  return el('div', {}, el('h2', {}, t.notify.title), offlineNote([read]),
    items.length ? items.map((note) => el('button', { type: 'button', className: `card${note.read_at ? ' done' : ''}`, onclick: () => open(note) },
      el('strong', {}, note.title),
      el('div', { className: 'muted' }, `${new Date(note.created_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} · ${note.read_at ? t.notify.read : t.notify.unreadMark}`)))
      : el('p', { className: 'muted' }, t.notify.none));
}
