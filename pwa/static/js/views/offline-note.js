// The line a screen shows when some of what it shows is the phone's copy (api.js cachedGet):
// in words and with the time of the oldest copy, so it never relies on colour.
import { el } from '../el.js';
import { t } from '../strings.js';

const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A time as the app shows it: 11月24日 10:20, in Beijing time. */
export function when(at) {
  const part = Object.fromEntries(clock.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.month}月${part.day}日 ${part.hour}:${part.minute}`;
}

/** A status line for the reads ({fresh, at} from cachedGet) that came from the phone, or null. */
export function offlineNote(reads) {
  const stale = reads.filter((r) => r && !r.fresh);
  if (!stale.length) return null;
  return el('p', { className: 'offline-note', role: 'status' }, t.offlineData(when(Math.min(...stale.map((r) => r.at)))));
}
