// 导入名单: upload the staff list, period schedule or timetable; check first (dry run), then import.
import { api } from '../../api.js';
import { el, field } from '../../el.js';
import { t } from '../../strings.js';
import { problemList } from './index.js';

function report(result) {
  return el('section', { 'aria-live': 'polite' }, el('h3', {}, t.office.report),
    el('p', { className: result.errors.length ? 'error' : 'ok' }, result.summary),
    result.errors.length ? el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, '行'), el('th', {}, '原因'))),
      el('tbody', {}, result.errors.map((e) => el('tr', {}, el('td', {}, t.office.row(e.row)), el('td', {}, e.reason))))) : null);
}

export function importsView() {
  const kind = el('select', { name: 'kind' }, Object.entries(t.office.kinds).map(([value, label]) => el('option', { value }, label)));
  const file = el('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,text/csv', required: true });
  const password = el('input', { name: 'initial_password', type: 'text', autocomplete: 'off', minLength: 6 });
  const skip = el('input', { type: 'checkbox', name: 'skip_bad_rows' });
  const out = el('div');
  const send = async (dryRun) => {
    if (!file.files.length) return file.reportValidity();
    const form = new FormData();
    form.append('file', file.files[0]);
    form.append('dry_run', String(dryRun));
    form.append('skip_bad_rows', String(skip.checked));
    if (password.value) form.append('initial_password', password.value);
    out.replaceChildren(el('p', { className: 'muted' }, t.loading));
    try {
      out.replaceChildren(report(await api(`/imports/${kind.value}`, { method: 'POST', form })));
    } catch (error) {
      out.replaceChildren(problemList(error));
    }
  };
  return el('form', { onsubmit: (e) => e.preventDefault() }, el('h2', {}, t.office.imports),
    field(t.office.importKind, kind), field(t.office.file, file),
    field(t.office.initialPassword, password, t.office.initialPasswordHint),
    el('label', { className: 'field' }, skip, ` ${t.office.skipBad}`),
    el('div', { className: 'actions' },
      el('button', { type: 'button', className: 'secondary', onclick: () => send(true) }, t.office.check),
      el('button', { type: 'button', onclick: () => send(false) }, t.office.runImport)),
    out);
}
