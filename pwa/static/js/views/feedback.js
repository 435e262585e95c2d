// 我的反馈: what others recorded about my lessons, newest first, each acknowledged (已阅) by me.
import { api } from '../api.js';
import { el } from '../el.js';
import { session } from '../session.js';
import { t } from '../strings.js';
import { myNotices } from './notices.js';
import { observationCard } from './observation-card.js';
import { myAppraisal } from './reports.js';

function acknowledgement(o) {
  const done = (at) => el('p', { className: 'ok' }, t.acknowledged(new Date(at).toLocaleDateString('zh-CN')));
  if (o.acknowledged_at) return done(o.acknowledged_at);
  const button = el('button', { type: 'button', className: 'wide-button', onclick: async () => {
    button.disabled = true;
    try {
      const saved = await api(`/observations/${o.id}/acknowledge`, { method: 'POST' });
      button.replaceWith(done(saved.acknowledged_at));
    } catch (error) {
      button.disabled = false;
      button.after(el('p', { className: 'error', role: 'alert' }, error.message));
    }
  } }, t.acknowledge);
  return button;
}

async function observations() {
  const page = await api(`/observations?teacher_id=${session.me.id}&status=submitted&per_page=50`);
  return page.items.length
    ? page.items.map((o) => observationCard(o, 'observer', acknowledgement(o)))
    : [el('p', { className: 'muted' }, t.none)];
}

// The parts of 我的反馈, in order: weekly notices (每周通报, with reflection and appeal, in
// notices.js), the observations, my term appraisal and charts.
const PARTS = [myNotices, observations, myAppraisal];

export async function feedbackView() {
  const parts = await Promise.all(PARTS.map((part) => part()));
  return el('div', {}, el('h2', {}, t.feedback), parts.flat());
}
