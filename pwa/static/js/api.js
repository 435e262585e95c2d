// JSON calls to /api/v1. Writes carry the session's CSRF token. Reads the app needs offline are
// kept in IndexedDB (never in the service worker's cache) and given back when the network is gone.
import * as db from './db.js';

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

/** GET, keeping a copy; offline, answer with the copy ({data, fresh: false}). */
export async function cachedGet(path) {
  try {
    const data = await api(path);
    await db.put('saved', `get:${path}`, data);
    return { data, fresh: true };
  } catch (error) {
    if (!(error instanceof OfflineError)) throw error;
    const data = await db.get('saved', `get:${path}`);
    if (data === undefined) throw error;
    return { data, fresh: false };
  }
}
