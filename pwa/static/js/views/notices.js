// 每周通报 for a teacher: the list in 我的反馈 and one notice with 已阅, 教学反思 and 申诉.
// The content shown is what was frozen at publication; later corrections come as amendments.
import { api, cachedGet, OfflineError } from '../api.js';
import { el, field } from '../el.js';
import { now } from '../clock.js';
import { session } from '../session.js';
import { markNoticeRead } from './notifications.js';
import { offlineNote } from './offline-note.js';
import { photoThumbs } from './photo-thumbs.js';
import { acknowledgement, keepTyping, outcome, status, waiting } from './replies.js';
import { t } from '../strings.js';
import { save } from '../sync.js';

const n = t.notices;
const day = (at) => new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** One line per notice: which week, its counts, and whether it still waits for me. */
export function noticeLink(notice, who = false) {
  const marks = [
    notice.status === 'draft' ? n.notPublished : null,
    notice.acknowledged_at ? t.acknowledged(day(notice.acknowledged_at)) : null,
    notice.amended ? n.amended : null,
    notice.open_appeal ? n.openAppeal : null,
  ].filter(Boolean);
  return el('a', { className: 'card', href: `#/notices/${notice.id}` },
    el('strong', {}, who ? `${notice.teacher.name} · ${t.week(notice.week)}` : `${n.title} · ${t.week(notice.week)}`),
    notice.summary ? el('div', {}, n.summary(notice.summary)) : null,
    marks.length ? el('div', { className: 'muted' }, marks.join(' · ')) : null);
}

/** The part of 我的反馈 listing my published notices, newest first. */
export async function myNotices(reads) {
  const read = await cachedGet('/notices?status=published');
  reads.push(read);
  const list = read.data;
  return [el('h3', {}, n.title), ...(list.length ? list.map((x) => noticeLink(x)) : [el('p', { className: 'muted' }, n.none)])];
}

const photos = (ids) => photoThumbs(ids?.map((id) => ({ url: `/api/v1/photos/${id}`, thumb_url: `/api/v1/photos/${id}/thumb` })));

const where = (e) => `${e.date}${e.period ? n.period(e.period) : ''} · ${e.class ?? ''} ${e.subject ?? ''} · ${t.observer} ${e.observer}`;
const said = (label, text) => (text ? el('p', {}, el('strong', {}, `${label}：`), text) : null);

function section(title, items, render) {
  return items?.length ? [el('h3', {}, title), ...items.map(render)] : [];
}

function change(content) {
  const rows = [[n.thisWeek, content.summary], [n.previousWeek, content.previous_week], [n.termToDate, content.term_to_date]]
    .filter(([, s]) => s);
  return [el('h3', {}, n.change), el('ul', {}, rows.map(([label, s]) => el('li', {}, `${label}：${n.summary(s)}`)))];
}

/** The frozen content of a notice, as a page. */
export function noticeContent(c) {
  return el('div', {},
    el('p', { className: 'muted' }, n.dates(c.monday, c.sunday)),
    section(n.patrols, c.patrols, (p) => el('article', { className: 'card' },
      el('div', { className: 'muted' }, where(p)),
      el('ul', {},
        p.praise.map((x) => el('li', {}, `✓ ${t.praise}：${x.label} ${n.points(x.points)}`)),
        p.problems.map((x) => el('li', {}, `⚠ ${t.problem}：${x.label} ${n.points(x.points)}${x.incident ? n.incidentMark : ''}`))),
      said(t.remarks, p.remarks), photos(p.photo_ids))),
    section(n.lessons, c.lessons, (l) => el('article', { className: 'card' },
      el('div', { className: 'muted' }, where(l)),
      el('p', {}, `${t.score} ${n.scoreBand(Number(l.total), l.percentage, l.band)}`),
      said(t.strengths, l.strengths), said(t.suggestions, l.suggestions), photos(l.photo_ids))),
    section(n.openLessons, c.open_lessons, (o) => el('article', { className: 'card' },
      el('strong', {}, o.title), el('div', { className: 'muted' }, `${o.date} · ${o.class ?? ''} ${o.subject ?? ''} · ${n.raters(o.raters_scored)}`),
      el('p', {}, `${t.score} ${n.scoreBand(Number(o.score), o.percentage, o.band)}`),
      (o.comments || []).map((r) => el('div', {}, said(`${r.rater} · ${t.strengths}`, r.strengths), said(`${r.rater} · ${t.suggestions}`, r.suggestions))))),
    section(n.incidents, c.incidents, (i) => el('article', { className: 'card' },
      el('div', { className: 'muted' }, where(i)), el('p', {}, `⚠ ${i.rule}${i.deduction ? ` · ${n.deduction(i.deduction)}` : ''}`),
      said(t.remarks, i.remarks), photos(i.photo_ids))),
    section(n.steps, c.action_steps, (s) => el('p', {}, `• ${s.text}（${n.since(s.since)}）`)),
    c.summary ? change(c) : null);
}

/** Run a write; show the server's message next to the control if it refuses. */
async function attempt(button, out, work) {
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    out.replaceChildren(status(error instanceof OfflineError ? t.offlineWrite : error.message, false));
  } finally {
    button.disabled = false;
  }
}

async function reflection(notice, label) {
  const uuid = `reflection:/notices/${notice.id}`;
  const left = await waiting(uuid);
  const text = el('textarea', { value: left?.body.text ?? notice.reflection ?? '', maxLength: 5000 });
  const typed = await keepTyping(uuid, text);
  const out = el('div', {}, left ? outcome(left, n.reflectionSaved) : null);
  const button = el('button', { type: 'submit', className: 'wide-button secondary' }, n.saveReflection);
  const form = el('form', {}, el('h3', {}, n.reflection), field(n.reflection, text), button, out);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(button, out, async () => {
      const item = { uuid, type: 'reply', method: 'PUT', path: `/notices/${notice.id}/reflection`, body: { text: text.value }, label: `${n.reflection} · ${label}` };
      const result = await save(item);
      // In the outbox or on the server, the text is safe; a refused one stays in the box to fix.
      if (result?.state !== 'refused') await typed.forget();
      out.replaceChildren(outcome(result, n.reflectionSaved));
    });
  });
  return form;
}

function appealLine(a) {
  return el('article', { className: 'card' },
    el('strong', {}, n.appealStatus[a.status] ?? a.status), el('div', { className: 'muted' }, day(a.created_at)),
    el('p', {}, a.reason), a.resolution ? said(n.resolution, `${a.resolution}${a.resolved_at ? `（${day(a.resolved_at)}）` : ''}`) : null);
}

async function appeals(notice, reload) {
  const box = el('div', {}, el('h3', {}, n.appeal));
  if (notice.appeal_deadline) box.append(el('p', { className: 'muted' }, n.appealDeadline(day(notice.appeal_deadline))));
  box.append(...notice.appeals.map(appealLine));
  const open = notice.appeals.some((a) => a.status === 'open');
  const closed = !notice.appeal_deadline || now() > new Date(notice.appeal_deadline);
  if (closed) box.append(el('p', { className: 'muted' }, n.appealClosed));
  if (open || closed) return box;
  const reason = el('textarea', { required: true, maxLength: 2000 });
  const typed = await keepTyping(`appeal:/notices/${notice.id}`, reason);
  const out = el('div');
  const button = el('button', { type: 'submit', className: 'wide-button' }, n.submitAppeal);
  const form = el('form', {}, field(n.appealReason, reason), button, out);
  // Sent only online (see replies.js): offline the button is off and says why in words.
  const reachable = () => {
    button.disabled = !navigator.onLine;
    out.replaceChildren(navigator.onLine ? '' : status(t.offlineWrite, false));
  };
  const stop = new AbortController();
  const changed = () => (form.isConnected ? reachable() : stop.abort());
  addEventListener('online', changed, { signal: stop.signal });
  addEventListener('offline', changed, { signal: stop.signal });
  reachable();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(button, out, async () => {
      await api(`/notices/${notice.id}/appeals`, { method: 'POST', body: { reason: reason.value } });
      await typed.forget();
      reload();
    });
  });
  box.append(form);
  return box;
}

function amendments(notice) {
  return section(n.amendments, notice.amendments, (a) => el('details', { className: 'card' },
    el('summary', {}, n.amendment(day(a.created_at), a.reason)), noticeContent(a.content)));
}

/** One notice: frozen content, amendments, and (for its teacher) the responses. */
export async function noticeView({ id }) {
  const read = await cachedGet(`/notices/${id}`);
  const notice = read.data;
  const page = el('div');
  const mine = session.me?.id === notice.teacher.id;
  const label = `${n.title} · ${t.week(notice.week)}`;
  page.append(
    el('h2', {}, `${n.title} · ${notice.teacher.name} · ${n.weekOf(notice.content.term, notice.week)}`),
    offlineNote([read]) ?? '',
    el('p', { className: 'muted' }, notice.status === 'draft' ? n.notPublished : ''),
    noticeContent(notice.content), ...amendments(notice));
  if (mine && notice.status === 'published') {
    const reload = async () => page.replaceWith(await noticeView({ id }));
    markNoticeRead(notice.id);
    page.append(await acknowledgement(`/notices/${notice.id}`, notice, label),
      await reflection(notice, label), await appeals(notice, reload));
  } else if (notice.appeals.length) {
    page.append(el('h3', {}, n.appeals), ...notice.appeals.map(appealLine));
  }
  return page;
}
