// 学校设置: the school's rules the office may change (GET/PATCH /school/settings).
import { api } from '../../api.js';
import { el, field } from '../../el.js';
import { t } from '../../strings.js';
import { problemList } from './index.js';

// One control per setting; read() gives the value to send, null for an emptied number.
function number(value, { optional = false } = {}) {
  const node = el('input', { type: 'number', inputMode: 'numeric', value: value ?? '', required: !optional });
  return { node, read: () => (node.value === '' ? null : Number(node.value)) };
}

function checkbox(value) {
  const node = el('input', { type: 'checkbox', checked: Boolean(value) });
  return { node, read: () => node.checked };
}

function text(value) {
  const node = el('input', { type: 'url', value: value ?? '', placeholder: 'https://' });
  return { node, read: () => node.value.trim() || null };
}

function choice(value, options) {
  const node = el('select', {}, Object.entries(options).map(([key, label]) => el('option', { value: key, selected: key === value }, label)));
  return { node, read: () => node.value };
}

export async function settingsView() {
  const current = await api('/school/settings');
  const s = t.office.settings;
  const controls = {
    edit_window_days: number(current.edit_window_days, { optional: true }),
    appeal_days: number(current.appeal_days),
    bulletin_names_teachers: checkbox(current.bulletin_names_teachers),
    photo_retention_days: number(current.photo_retention_days),
    webhook_url: text(current.webhook_url),
    webhook_kind: choice(current.webhook_kind, s.webhookKinds),
  };
  const out = el('div', { 'aria-live': 'polite' });
  const form = el('form', { className: 'card' },
    ...Object.entries(controls).map(([name, control]) => field(s.labels[name], control.node, s.hints[name])),
    out, el('button', { type: 'submit', className: 'wide-button' }, t.save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(Object.entries(controls).map(([name, control]) => [name, control.read()]));
    try {
      await api('/school/settings', { method: 'PATCH', body });
      out.replaceChildren(el('p', { className: 'ok', role: 'status' }, `✓ ${t.saved}`));
    } catch (error) {
      out.replaceChildren(problemList(error, s.labels));
    }
  });
  return el('div', {}, el('h2', {}, s.title), form);
}
