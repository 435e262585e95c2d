// When the server's rubric draft changed after this computer's copy of the work was made (saved
// or published by another office member, or by the same person on another computer), the editor
// never picks one silently: it says what changed and when, and the office chooses. The copy
// remembers the server state it was based on; saves send it back so the server refuses a stale one.
import { el } from '../el.js';
import { t } from '../strings.js';
import { when } from '../views/offline-note.js';

/** The server state an edit starts from, in the shape PUT /rubrics/<id>/draft takes as based_on. */
export const basedOn = (rubric) => ({ version: rubric.latest?.number ?? null, draft_updated_at: rubric.draft_updated_at });

// A copy kept before copies remembered their base has none: it counts as changed, to be asked about.
export const sameBase = (a, b) => Boolean(a) && a.version === b.version && a.draft_updated_at === b.draft_updated_at;

function whatChanged(rubric, base) {
  if (rubric.draft) return t.office.serverUpdated(when(new Date(rubric.draft_updated_at)));
  if (rubric.latest && rubric.latest.number !== base?.version) {
    return t.office.serverPublished(rubric.latest.number, when(new Date(rubric.latest.published_at)));
  }
  return t.office.serverDiscarded;
}

/** Ask whether to keep this computer's work or take the server's; `lead` says what happened to it. */
export function conflictNotice(rubric, base, { keepMine, useServer, lead = null }) {
  return el('div', { role: 'alert' },
    el('p', { className: 'error' }, whatChanged(rubric, base), lead ? ` ${lead}` : ''),
    el('p', { className: 'muted' }, t.office.conflictChoices),
    el('div', { className: 'actions' },
      el('button', { type: 'button', onclick: keepMine }, t.office.keepMine),
      el('button', { type: 'button', className: 'secondary', onclick: useServer }, t.office.useServer)));
}
