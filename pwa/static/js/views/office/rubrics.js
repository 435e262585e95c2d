// 评价表: the school's rubrics, and a new one from a template; the editor is office-only/rubric-editor.js.
import { api } from '../../api.js';
import { el, field } from '../../el.js';
import { go } from '../../router.js';
import { t } from '../../strings.js';
import { problemList } from './index.js';

export async function rubricList() {
  const [rubrics, templates] = await Promise.all([api('/rubrics?include_archived=true'), api('/rubrics/templates')]);
  const template = el('select', {}, templates.map((tp) => el('option', { value: tp.name }, tp.title)));
  const out = el('div');
  const create = async () => {
    try {
      const made = await api('/rubrics', { method: 'POST', body: { template: template.value } });
      go(`/office/rubrics/${made.rubric.id}`);
    } catch (error) {
      out.replaceChildren(problemList(error));
    }
  };
  return el('div', {}, el('h2', {}, t.office.rubrics),
    rubrics.map((r) => el('a', { className: 'card', href: `#/office/rubrics/${r.id}` }, el('strong', {}, r.title),
      el('div', { className: 'muted' }, [r.latest ? t.office.published(r.latest.number) : '', r.has_draft ? t.office.draft : '',
        r.archived ? t.office.archived : ''].filter(Boolean).join(' · ')))),
    el('h3', {}, t.office.newFromTemplate),
    field(t.office.template, template), el('button', { type: 'button', className: 'wide-button', onclick: create }, t.office.create), out);
}
