// 我的反馈: what others recorded about my lessons, newest first, each acknowledged (已阅) by me.
// Read through cachedGet, so the last copy shows offline with a line saying from when.
import { cachedGet } from '../api.js';
import { el } from '../el.js';
import { session } from '../session.js';
import { t } from '../strings.js';
import { myNotices } from './notices.js';
import { observationCard } from './observation-card.js';
import { offlineNote } from './offline-note.js';
import { acknowledgement } from './replies.js';
import { myAppraisal } from './reports.js';

async function observations(reads) {
  const read = await cachedGet(`/observations?teacher_id=${session.me.id}&status=submitted&per_page=50`);
  reads.push(read);
  const label = (o) => `${t.kinds[o.kind]} · ${o.local_date}`;
  return read.data.items.length
    ? Promise.all(read.data.items.map(async (o) =>
      observationCard(o, 'observer', await acknowledgement(`/observations/${o.id}`, o, label(o)))))
    : [el('p', { className: 'muted' }, t.none)];
}

// The parts of 我的反馈, in order: weekly notices (每周通报, with reflection and appeal, in
// notices.js), the observations, my term appraisal and charts. Each adds what it read to reads.
const PARTS = [myNotices, observations, myAppraisal];

export async function feedbackView() {
  const reads = [];
  const parts = await Promise.all(PARTS.map((part) => part(reads)));
  return el('div', {}, el('h2', {}, t.feedback), offlineNote(reads), parts.flat());
}
