// The outbox: every save is stored here first, keyed by its client uuid, and sent oldest-first.
// Shared by the page and the service worker (Background Sync), after workbox background-sync and
// jakearchibald/emojoy. A network error or a 5xx stops the run (tried again later), a 2xx removes
// the item, a 401 keeps everything and asks for sign-in, any other 4xx keeps the item as refused
// with the server's message until the person resends or discards it.
import * as db from './db.js';

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('xunke-outbox') : null;
const listeners = new Set();
let running = null;
let again = null;
let seq = 0;

function announce(detail = {}) {
  channel?.postMessage(detail);
  for (const fn of listeners) fn(detail);
}
channel?.addEventListener('message', (event) => { for (const fn of listeners) fn(event.data); });

/** Call fn whenever the outbox changes here, in another tab or in the service worker; returns a stop function. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Store an item: {uuid, type: 'observation'|'edit'|'photo'|'reply', ...}; an item with the same uuid is replaced. */
export async function enqueue(item) {
  const old = await db.get('outbox', item.uuid);
  const me = await db.get('saved', 'me');
  await db.put('outbox', item.uuid, {
    staffId: me?.id, ...item, created: old?.created ?? Date.now() * 1000 + (seq++ % 1000), state: 'pending', error: null,
  });
  announce();
}

export async function items() {
  return (await db.all('outbox')).sort((a, b) => a.created - b.created);
}

/** Send a refused item again (after the person fixed what the server said). */
export async function retry(uuid) {
  const item = await db.get('outbox', uuid);
  if (item) await enqueue({ ...item, created: item.created });
}

/** Give up on an item; an observation's photos go with it. */
export async function discard(uuid) {
  for (const item of await items()) {
    if (item.uuid === uuid || item.observationUuid === uuid) await db.remove('outbox', item.uuid);
  }
  announce();
}

function refusal(status, body) {
  const details = [];
  const walk = (value) => {
    if (typeof value === 'string') details.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(body?.errors);
  const message = body?.message || `服务器拒绝了该记录（${status}）`;
  return [message, ...details.filter((d) => d !== message)].join('；');
}

async function request(item, csrf) {
  const headers = { 'X-CSRF-Token': csrf, Accept: 'application/json' };
  if (item.type === 'photo') {
    const id = await db.get('saved', `observation:${item.observationUuid}`);
    if (id === undefined) return null;  // its observation has not reached the server yet
    const form = new FormData();
    form.append('file', item.blob, 'photo.jpg');
    form.append('uuid', item.uuid);
    return fetch(`/api/v1/observations/${id}/photos`, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  }
  headers['Content-Type'] = 'application/json';
  const [method, url] = {
    observation: ['POST', '/api/v1/observations'],
    edit: ['PATCH', `/api/v1/observations/${item.observationId}`],
    // A teacher's 已阅 or 教学反思: the server keeps the first 已阅 and replaces a reflection
    // whole, so sending one twice is harmless; its uuid names the record it answers.
    reply: [item.method, `/api/v1${item.path}`],
  }[item.type];
  return fetch(url, { method, headers, body: JSON.stringify(item.body), credentials: 'same-origin' });
}

async function drain() {
  // Only the signed-in person's records: another's wait until they sign in on this phone again.
  const me = await db.get('saved', 'me');
  const queue = (await items()).filter((i) => i.state === 'pending' && i.staffId === me?.id);
  if (!queue.length) return { sent: 0, stopped: null };
  let csrf;
  try {
    // A fresh token for this session (one kept from an earlier page may be stale). /me, not
    // /auth/csrf: it says whether the session is still signed in, and never starts a new
    // anonymous session whose cookie could overwrite the one a sign-in is setting meanwhile.
    const response = await fetch('/api/v1/me', { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) {
      announce({ login: true });
      return { sent: 0, stopped: 'login' };
    }
    if (!response.ok) return { sent: 0, stopped: 'server' };
    csrf = (await response.json()).csrf_token;
  } catch {
    return { sent: 0, stopped: 'offline' };
  }
  let sent = 0;
  for (const item of queue) {
    let response;
    try {
      response = await request(item, csrf);
    } catch {
      return { sent, stopped: 'offline' };
    }
    if (response === null) continue;
    const body = await response.json().catch(() => null);
    if (response.ok) {
      if (item.type === 'observation') await db.put('saved', `observation:${item.uuid}`, body.id);
      await db.remove('outbox', item.uuid);
      sent += 1;
      announce({ sent: item.uuid });
    } else if (response.status === 401 || body?.error === 'password_change_required') {
      announce({ login: true });
      return { sent, stopped: 'login' };
    } else if (response.status >= 500 || [408, 429].includes(response.status) || body?.error === 'csrf_failed') {
      return { sent, stopped: 'server' };
    } else {
      await db.put('outbox', item.uuid, { ...item, state: 'refused', error: refusal(response.status, body) });
      announce({ refused: item.uuid });
    }
  }
  return { sent, stopped: null };
}

/** Send what waits, one run at a time across tabs and the worker. Resolves to {sent, stopped}. */
export function flush() {
  // Two runs sending one record at once would race on its uuid; the lock makes the second
  // run start after the first and find the record gone.
  if (running) {
    // A run is under way, maybe stopping on what changed since (a sign-in, the network back):
    // run once more after it, rather than answering with its outcome.
    again ||= running.catch(() => null).then(() => { again = null; return flush(); });
    return again;
  }
  running = (navigator.locks ? navigator.locks.request('xunke-outbox', drain) : drain())
    .finally(() => { running = null; });
  return running;
}
