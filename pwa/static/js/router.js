// Hash routes: '#/patrol/12' → the view registered for '/patrol/:slot', given {slot: '12'}.
const routes = [];
let fallback = () => '/';
let mount = () => {};

export function route(pattern, render) {
  const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);
  routes.push({ regex: new RegExp(`^${pattern.replace(/:\w+/g, '([^/]+)')}$`), names, render });
}

let listening = false;
export function start(show, home) {
  mount = show;
  fallback = home;
  if (!listening) addEventListener('hashchange', render);
  listening = true;
  return render();
}

export function go(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = path;
}

export function current() {
  return location.hash.slice(1) || fallback();
}

async function render() {
  const path = current();
  for (const { regex, names, render: view } of routes) {
    const match = regex.exec(path);
    if (match) {
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
      return mount(() => view(params), path);
    }
  }
  return go(fallback());
}
