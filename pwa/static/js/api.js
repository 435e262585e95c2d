// JSON calls to /api/v1. Writes carry the session's CSRF token. Reads the app needs offline go
// through cachedGet below.
import { now } from './clock.js';
import * as db from './db.js';
import { READS, session } from './session.js';

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `请求失败（${status}）`);
    this.status = status;
    this.body = body;
  }
}

export class OfflineError extends Error {}

export async function api(path, { method = 'GET', body, form } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    csrfToken ||= (await api('/auth/csrf')).csrf_token;
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch {
    throw new OfflineError('网络不可用');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    if (data?.error === 'csrf_failed') csrfToken = null;
    throw new ApiError(response.status, data);
  }
  if (data?.csrf_token) csrfToken = data.csrf_token;
  return data;
}

// The one way the app reads offline: network first; every answer is kept in IndexedDB, the
// latest per URL, under the signed-in person's id (session.js drops them all on sign-out and when
// someone else signs in). With no network, or no answer within PATIENCE_MS on weak Wi-Fi, the
// kept copy is shown and the screen says from when (offline-note.js). The service worker's cache
// holds only the shell, so nothing private sits where a sign-out cannot reach it.
const PATIENCE_MS = 6000;
const MAX_READS = 300;  // copies kept; the least recently fetched go first

async function keep(path, entry) {
  await db.put('saved', `${READS}${path}`, entry);
  if (await db.count('saved', READS) <= MAX_READS) return;
  const oldest = (await db.values('saved', READS)).sort((a, b) => a.at - b.at);
  for (const old of oldest.slice(0, oldest.length - MAX_READS)) await db.remove('saved', `${READS}${old.path}`);
}

/** GET through `read` (JSON by default), keeping a copy: {data, fresh, at} where at is when
 * the data came from the server (the app's clock), fresh false when it is the phone's copy. */
export async function cachedGet(path, read = api) {
  const staffId = session.me?.id;
  const network = read(path).then(async (data) => {
    const entry = { staffId, path, at: now().getTime(), data };
    // Not if they signed out (or someone else signed in) while the answer was on its way.
    if (staffId !== undefined && session.me?.id === staffId) await keep(path, entry);
    return { data, fresh: true, at: entry.at };
  });
  network.catch((error) => {  // answered by the copy meanwhile: a late failure is nobody's error
    // ...but what the server no longer has (an expired photo, say) is not kept on the phone either.
    if (error.status === 404) db.remove('saved', `${READS}${path}`);
  });
  const copy = db.get('saved', `${READS}${path}`).then((saved) => (
    saved && saved.staffId === staffId ? { data: saved.data, fresh: false, at: saved.at } : null));
  const slow = new Promise((resolve) => { setTimeout(resolve, PATIENCE_MS); });
  try {
    return await Promise.race([network, slow.then(async () => (await copy) ?? network)]);
  } catch (error) {
    if (!(error instanceof OfflineError)) throw error;
    const saved = await copy;
    if (!saved) throw error;
    return saved;
  }
}

/** Read a same-origin GET as a Blob (a photo) or text (an SVG chart), for cachedGet. */
export function readAs(kind) {
  return async (path) => {
    let response;
    try {
      response = await fetch(`/api/v1${path}`, { credentials: 'same-origin', cache: 'no-store' });
    } catch {
      throw new OfflineError('网络不可用');
    }
    if (!response.ok) throw new ApiError(response.status, null);
    return kind === 'blob' ? response.blob() : response.text();
  };
}
