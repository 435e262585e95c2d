// Start the app: service worker, who is signed in, the tabs their roles allow, the outbox badge.
import { api, ApiError, OfflineError } from './api.js';
import { el } from './el.js';
import * as outbox from './outbox.js';
import { current, go, route, start } from './router.js';
import { forget, hasRole, remember, remembered, session, tabs } from './session.js';
import { t } from './strings.js';
import { flush, startSync } from './sync.js';
import { showLogin, showPassword } from './views/login.js';
import { refreshUnread } from './views/notifications.js';
import { registerRoutes } from './views/routes.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const badge = document.getElementById('badge');
const who = document.getElementById('who');

let shown = 0;

async function show(render, path) {
  // A slow view must not replace the one the person has moved on to.
  const ticket = ++shown;
  nav.querySelectorAll('a').forEach((a) => a.toggleAttribute('aria-current', path.startsWith(a.dataset.path)));
  try {
    const node = await render();
    if (ticket !== shown || !session.me) return;
    if (node) view.replaceChildren(node);
  } catch (error) {
    if (ticket !== shown || !session.me) return;
    if (error instanceof ApiError && error.status === 401) return signedOut(t.signInAgain);
    view.replaceChildren(el('p', { className: 'error', role: 'alert' },
      error instanceof OfflineError ? `${t.offline}：${error.message}` : error.message));
  }
  view.focus({ preventScroll: true });
}

function home() {
  return tabs()[0]?.[0] || '/outbox';
}

async function refreshBadge() {
  const list = await outbox.items();
  const refused = list.some((i) => i.state === 'refused');
  badge.hidden = list.length === 0;
  badge.textContent = `${refused ? '⚠ ' : '⟳ '}${t.waiting(list.length)}`;
  badge.classList.toggle('bad', refused);
}

function signedOut(message = '') {
  shown += 1;  // a view still loading must not cover the sign-in form when it arrives
  nav.replaceChildren();
  who.textContent = '';
  showLogin(view, message, signedIn);
}

async function signedIn(me) {
  await remember(me);
  if (me.must_change_password) return showPassword(view, me, signedIn, true);
  who.replaceChildren(me.name, ' ', el('button', { type: 'button', className: 'link', onclick: signOut }, t.signOut));
  nav.replaceChildren(...tabs().map(([path, key]) => el('a', { href: `#${path}`, 'data-path': path }, t.nav[key])));
  refreshUnread(nav);
  startSync();
  await start(show, home);
  if (!hasRole('leader', 'admin', 'group_head') && current() === '/patrol') go(home());
}

/** The outbox met a 401: ask to sign in, unless that news is stale (the page or the service
 * worker may report it after the person has already signed in again). */
async function sessionRefused() {
  try {
    const me = await api('/me');
    if (me.must_change_password) signedIn(me);
    else flush();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signedOut(t.signInAgain);
  }
}

async function signOut() {
  const waiting = (await outbox.items()).length;
  if (waiting && !confirm(t.signOutWaiting(waiting))) return;
  try { await api('/auth/logout', { method: 'POST' }); } catch { /* offline: the cookie ends with the session */ }
  await forget();
  location.hash = '';
  signedOut();
}

async function boot() {
  registerRoutes(route);
  route('/password', () => showPassword(view, session.me, signedIn, false));
  outbox.onChange((detail) => {
    refreshBadge();
    if (detail?.login) sessionRefused();
  });
  refreshBadge();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' }).catch(() => {});
  }
  try {
    await signedIn(await api('/me'));
  } catch (error) {
    const me = error instanceof OfflineError ? await remembered() : null;
    if (me) await signedIn(me);
    else signedOut(error instanceof ApiError && error.status !== 401 ? error.message : '');
  }
}

boot();
