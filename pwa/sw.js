// Service worker: the app shell from a versioned cache, and the outbox sent in the background.
// The server fills in the version (a hash of the shell) and the list of shell files.
import { flush } from '/static/js/outbox.js';

const CACHE = 'xunke-shell-__SHELL_VERSION__';
const SHELL = "__SHELL_FILES__";

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('xunke-shell-') && k !== CACHE)
      .map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Records and photos are never cached here: only the shell is.
  if (request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(caches.match('/', { cacheName: CACHE }).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE, ignoreSearch: true })
    .then((hit) => hit || fetch(request)));
});

self.addEventListener('sync', (event) => {
  // A rejected sync is retried by the browser later, as a stopped flush should be.
  if (event.tag === 'outbox') {
    event.waitUntil(flush().then((r) => { if (r.stopped === 'offline' || r.stopped === 'server') throw new Error(r.stopped); }));
  }
});

self.addEventListener('message', (event) => {
  if (event.data === 'flush') event.waitUntil(flush());
});
