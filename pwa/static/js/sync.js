// When the page sends the outbox: now, on `online`, every 20 s, and via Background Sync.
import * as outbox from './outbox.js';

const FLUSH_EVERY_MS = 20000;
let started = false;

export function flush() {
  return outbox.flush();
}

/** Start sending in the background (an expired session is announced by the outbox). */
export function startSync() {
  if (!started) {
    started = true;
    addEventListener('online', flush);
    setInterval(flush, FLUSH_EVERY_MS);
  }
  return flush();
}

/** Ask the service worker to send when the network is back (where the browser can), and try now. */
export async function syncSoon() {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    await registration?.sync?.register('outbox');
  } catch { /* no Background Sync here: the page's own triggers cover it */ }
  return flush();
}

/** Store a write in the outbox and try to send it now. Resolves to null once the server has
 * it, else to the item as it waits (state 'pending') or as the server refused it ('refused'). */
export async function save(item) {
  await outbox.enqueue(item);
  await syncSoon();
  return (await outbox.items()).find((i) => i.uuid === item.uuid) ?? null;
}
