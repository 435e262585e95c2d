// A teacher's replies to feedback, written so that nothing is lost on weak Wi-Fi. 已阅 and
// 教学反思 go through the outbox (sync.js save): the server keeps the first 已阅 and replaces a
// reflection whole, so a replay is harmless. An appeal creates a record each time it is sent
// and has no client uuid, so it is only sent online (notices.js); what is typed into either box
// is kept on the phone as it is typed, for this person only, until the server has it.
import { now } from '../clock.js';
import * as db from '../db.js';
import { el } from '../el.js';
import * as outbox from '../outbox.js';
import { session } from '../session.js';
import { t } from '../strings.js';
import { save } from '../sync.js';

const SAVE_DELAY_MS = 300;
const date = (at) => new Date(at).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

export function status(text, ok = true) {
  return el('p', { className: ok ? 'ok' : 'error', role: ok ? 'status' : 'alert' }, text);
}

/** The outbox item waiting under uuid, if any. */
export async function waiting(uuid) {
  return (await outbox.items()).find((i) => i.uuid === uuid) ?? null;
}

/** Say how a saved reply stands: sent, waiting on the phone, or refused with the server's words. */
export function outcome(left, sentText) {
  if (!left) return status(sentText);
  if (left.state === 'refused') return status(`${t.refused}${left.error}`, false);
  return status(`${sentText}${t.queued}`);
}

/** 已阅 for a record at path ('/observations/7' or '/notices/3'): a button, or what was done. */
export async function acknowledgement(path, record, label) {
  const uuid = `ack:${path}`;
  if (record.acknowledged_at) return status(t.acknowledged(date(record.acknowledged_at)));
  const left = await waiting(uuid);
  if (left) return outcome(left, t.acknowledged());
  const button = el('button', { type: 'button', className: 'wide-button', onclick: async () => {
    button.disabled = true;
    const item = { uuid, type: 'reply', method: 'POST', path: `${path}/acknowledge`, label: `${t.acknowledge} · ${label}` };
    const left = await save(item);
    button.replaceWith(outcome(left, t.acknowledged(left ? '' : date(now()))));
  } }, t.acknowledge);
  return button;
}

/** Keep what is typed into textarea under key (with the person's id), and put it back. */
export async function keepTyping(key, textarea) {
  const stored = `${key}:${session.me.id}`;
  const kept = await db.get('drafts', stored);
  if (kept !== undefined) textarea.value = kept;
  let timer = null;
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => db.put('drafts', stored, textarea.value), SAVE_DELAY_MS);
  });
  return { forget: () => { clearTimeout(timer); return db.remove('drafts', stored); } };
}
