// A rubric definition (docs/rubrics.md) as a form for the office, which is not expected to read
// JSON. Every control edits the one definition object in place; typing only reports the change,
// while adding, moving, removing or retyping redraws the form (paths such as sections[1].items[0]
// shift). Each control is registered under the path the server's problems use, so a problem is
// shown beside the control it concerns, or beside the nearest part that has a place for it.
import { el, field } from '../el.js';
import { t } from '../strings.js';

const f = t.form;
const KINDS = ['patrol', 'drop_in', 'open_lesson', 'incident'];
const TEXT_USES = ['strengths', 'suggestions'];
const BANDS = [['优秀', 90, 100], ['良好', 80, 90], ['合格', 60, 80], ['不合格', 0, 60]];
let ids = 0;

const list = (value) => (Array.isArray(value) ? value : []);
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
// 'sections[1].items[0].max' → 'sections[1].items[0]' → 'sections[1].items' → 'sections[1]' → …
const parent = (path) => path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');

function keysIn(definition) {
  const keys = new Set();
  for (const section of list(definition.sections)) {
    keys.add(section?.key);
    list(section?.items).forEach((item) => keys.add(item?.key));
  }
  return keys;
}

/** A key nobody uses yet: keys are unique across the rubric, and the office never types them. */
function freshKey(definition, prefix) {
  const keys = keysIn(definition);
  let n = 1;
  while (keys.has(`${prefix}_${n}`)) n += 1;
  return `${prefix}_${n}`;
}

function typeFields(type) {
  if (type === 'score') return { min: 0, max: 10, step: 1 };
  if (type === 'level') return { levels: [['A', '优', 4], ['B', '良', 3], ['C', '中', 2], ['D', '差', 1]].map(([key, label, points]) => ({ key, label, points })) };
  if (type === 'check') return { polarity: 'praise', points: 1 };
  return { max_length: 500 };
}

/** Change an item's type, keeping what every type has (key, label, required, hint). */
function retype(item, type, definition) {
  const { key, label, required, hint } = item;
  for (const name of Object.keys(item)) delete item[name];
  const keepKey = type === 'text' || !TEXT_USES.includes(key);
  Object.assign(item, { key: keepKey ? key : freshKey(definition, 'item'), type, label }, required ? { required } : {},
    hint ? { hint } : {}, typeFields(type));
}

function textInput(obj, name, changed, optional = false) {
  const input = el('input', { type: 'text', value: obj[name] ?? '' });
  input.addEventListener('input', () => {
    if (optional && !input.value.trim()) delete obj[name];
    else obj[name] = input.value;
    changed();
  });
  return input;
}

function numberInput(obj, name, changed) {
  const input = el('input', { type: 'number', step: 'any', inputMode: 'decimal', value: obj[name] ?? '' });
  input.addEventListener('input', () => {
    if (input.value === '') delete obj[name];
    else obj[name] = Number(input.value);
    changed();
  });
  return input;
}

function select(options, value, onchange) {
  const node = el('select', {}, options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
  node.addEventListener('change', () => onchange(node.value));
  return node;
}

export function definitionForm(definition, changed) {
  const root = el('div', { className: 'rubric-fields' });
  const slots = new Map();

  /** A place for the server's problems at `path`, described to screen readers by `owner`. */
  const slot = (path, owner) => {
    const error = el('p', { className: 'error', id: `problem-${++ids}`, hidden: true });
    owner.setAttribute('aria-describedby', error.id);
    slots.set(path, { error, owner });
    return error;
  };
  const control = (path, text, input) => el('div', {}, field(text, input), slot(path, input));
  const group = (path, legend, ...children) => {
    // Focusable, so that after a move or a removal the focus lands on the part concerned.
    const node = el('fieldset', { tabIndex: -1 }, el('legend', {}, legend));
    node.append(slot(path, node), ...children.flat().filter(Boolean));
    return node;
  };
  const flag = (obj, name, text) => {
    const box = el('input', { type: 'checkbox', checked: obj[name] === true });
    box.addEventListener('change', () => {
      if (box.checked) obj[name] = true;
      else delete obj[name];
      changed();
    });
    return el('label', { className: 'field' }, box, ` ${text}`);
  };
  const redraw = (focus) => {
    slots.clear();
    root.replaceChildren(...build());
    slots.get(focus)?.owner.focus();
    changed();
  };
  const add = (text, onclick) => el('button', { type: 'button', className: 'secondary', onclick }, `＋ ${text}`);
  /** Remove entry `index` of `entries` (at `path`), named `name` for screen readers. */
  const remove = (entries, index, name, path, confirmRemove) => el('button', { type: 'button', className: 'danger',
    'aria-label': `${f.remove} ${name}`, onclick: () => {
      if (confirmRemove && !confirm(confirmRemove)) return;
      entries.splice(index, 1);
      redraw(path);
    } }, `✕ ${f.remove}`);
  /** Up, down and remove, for the entries whose order the phone shows. */
  const arrange = (entries, index, name, path, confirmRemove) => {
    const move = (to) => {
      [entries[index], entries[to]] = [entries[to], entries[index]];
      redraw(`${path}[${to}]`);
    };
    return el('div', { className: 'actions' },
      el('button', { type: 'button', className: 'secondary', disabled: index === 0, 'aria-label': `${f.moveUp} ${name}`, onclick: () => move(index - 1) }, `↑ ${f.moveUp}`),
      el('button', { type: 'button', className: 'secondary', disabled: index === entries.length - 1, 'aria-label': `${f.moveDown} ${name}`, onclick: () => move(index + 1) }, `↓ ${f.moveDown}`),
      remove(entries, index, name, path, confirmRemove));
  };

  const typeSpecific = (item, path) => {
    if (item.type === 'score') {
      return el('div', { className: 'fields' }, control(`${path}.min`, f.min, numberInput(item, 'min', changed)),
        control(`${path}.max`, f.max, numberInput(item, 'max', changed)), control(`${path}.step`, f.step, numberInput(item, 'step', changed)));
    }
    if (item.type === 'level') {
      item.levels = Array.isArray(item.levels) ? item.levels : [];
      return group(`${path}.levels`, f.levels, item.levels.map((level, i) => {
        const at = `${path}.levels[${i}]`;
        if (!isObject(level)) return slot(at, el('span'));
        return el('div', { className: 'fields level' }, control(`${at}.key`, f.levelKey, textInput(level, 'key', changed)),
          control(`${at}.label`, f.levelLabel, textInput(level, 'label', changed)),
          control(`${at}.points`, f.points, numberInput(level, 'points', changed)),
          remove(item.levels, i, `${f.levels} ${level.label ?? i + 1}`, `${path}.levels`));
      }), add(f.addLevel, () => {
        item.levels.push({ key: String.fromCharCode(65 + item.levels.length), label: '', points: 0 });
        redraw(`${path}.levels[${item.levels.length - 1}].label`);
      }));
    }
    if (item.type === 'check') {
      return el('div', {}, el('div', { className: 'fields' },
        control(`${path}.polarity`, f.polarity, select(Object.entries(f.polarities), item.polarity, (v) => {
          item.polarity = v;
          if (v === 'praise') delete item.incident;
          redraw(`${path}.polarity`);
        })),
        control(`${path}.points`, f.points, numberInput(item, 'points', changed))),
      item.polarity === 'problem' ? flag(item, 'incident', f.incident) : null);
    }
    const use = TEXT_USES.includes(item.key) ? item.key : 'other';
    return el('div', { className: 'fields' },
      control(`${path}.key`, f.use, select(Object.entries(f.uses), use, (v) => {
        item.key = v === 'other' ? freshKey(definition, 'item') : v;
        redraw(`${path}.key`);
      })),
      control(`${path}.max_length`, f.maxLength, numberInput(item, 'max_length', changed)));
  };

  const itemBlock = (items, index, sectionPath) => {
    const item = items[index];
    const path = `${sectionPath}.items[${index}]`;
    if (!isObject(item)) return group(path, f.item(index + 1, '?'));
    const name = f.item(index + 1, f.types[item.type] ?? item.type);
    return group(path, name,
      el('div', { className: 'fields' }, control(`${path}.label`, f.label, textInput(item, 'label', changed)),
        control(`${path}.type`, f.type, select(Object.entries(f.types), item.type, (v) => {
          retype(item, v, definition);
          redraw(`${path}.type`);
        }))),
      // A text item scores nothing, so it cannot be 不适用 (validation.py); it can be required.
      el('div', { className: 'chips' }, flag(item, 'required', f.required), item.type === 'text' ? null : flag(item, 'allow_na', f.allowNa)),
      typeSpecific(item, path),
      control(`${path}.hint`, f.hint, textInput(item, 'hint', changed, true)),
      arrange(items, index, name, `${sectionPath}.items`));
  };

  const sectionBlock = (index) => {
    const section = definition.sections[index];
    const path = `sections[${index}]`;
    const name = f.section(index + 1);
    if (!isObject(section)) return group(path, name);
    section.items = Array.isArray(section.items) ? section.items : [];
    const type = select(Object.entries(f.types), 'score', () => {});
    return group(path, name,
      control(`${path}.title`, f.sectionTitle, textInput(section, 'title', changed)),
      el('div', { className: 'fields' }, control(`${path}.cap`, f.cap, numberInput(section, 'cap', changed)),
        control(`${path}.floor`, f.floor, numberInput(section, 'floor', changed))),
      section.items.map((_, i) => itemBlock(section.items, i, path)),
      el('div', { className: 'fields' }, field(f.addItemType, type), add(f.addItem, () => {
        section.items.push({ key: freshKey(definition, 'item'), type: type.value, label: f.newItem, ...typeFields(type.value) });
        redraw(`${path}.items[${section.items.length - 1}].label`);
      })), slot(`${path}.items`, type),
      arrange(definition.sections, index, name, 'sections', f.removeSectionConfirm(section.title ?? name)));
  };

  const bandsBlock = () => {
    const on = el('input', { type: 'checkbox', checked: Array.isArray(definition.bands) });
    on.addEventListener('change', () => {
      if (on.checked) definition.bands = BANDS.map(([label, min, max]) => ({ label, min, max }));
      else delete definition.bands;
      redraw('bands');
    });
    const bands = list(definition.bands);
    return group('bands', f.bands, el('label', { className: 'field' }, on, ` ${f.useBands}`),
      bands.map((band, i) => {
        const at = `bands[${i}]`;
        if (!isObject(band)) return slot(at, el('span'));
        return group(at, f.band(i + 1), el('div', { className: 'fields' },
          control(`${at}.label`, f.bandLabel, textInput(band, 'label', changed)),
          control(`${at}.min`, f.bandMin, numberInput(band, 'min', changed)),
          control(`${at}.max`, f.bandMax, numberInput(band, 'max', changed)),
          // Bands are judged by their range, in any order: nothing to move.
          remove(bands, i, f.band(i + 1), 'bands')));
      }),
      on.checked ? add(f.addBand, () => {
        bands.push({ label: f.newBand, min: 0, max: 0 });
        redraw(`bands[${bands.length - 1}].label`);
      }) : null);
  };

  const kindsBlock = () => {
    const chosen = list(definition.kinds);
    return group('kinds', f.kinds, el('div', { className: 'chips' }, KINDS.map((kind) => {
      const box = el('input', { type: 'checkbox', checked: chosen.includes(kind) });
      box.addEventListener('change', () => {
        definition.kinds = box.checked ? [...list(definition.kinds), kind] : list(definition.kinds).filter((k) => k !== kind);
        changed();
      });
      return el('label', { className: 'field' }, box, ` ${t.kinds[kind]}`);
    })));
  };

  const build = () => {
    definition.sections = Array.isArray(definition.sections) ? definition.sections : [];
    const rootSlot = el('div', {}, slot('', root));
    return [rootSlot, control('title', f.title, textInput(definition, 'title', changed)), kindsBlock(),
      group('sections', f.sections, definition.sections.map((_, i) => sectionBlock(i)), add(f.addSection, () => {
        definition.sections.push({ key: freshKey(definition, 'section'), title: f.newSection, items: [] });
        redraw(`sections[${definition.sections.length - 1}].title`);
      })),
      bandsBlock()];
  };

  /** Show each problem beside its control; [] clears them. */
  const showProblems = (problems) => {
    for (const { error, owner } of slots.values()) {
      error.hidden = true;
      error.textContent = '';
      owner.removeAttribute('aria-invalid');
    }
    for (const problem of problems) {
      let path = problem.path;
      while (path && !slots.has(path)) path = parent(path);
      const { error, owner } = slots.get(path) ?? slots.get('');
      error.hidden = false;
      error.textContent = error.textContent ? `${error.textContent}\n${problem.message}` : problem.message;
      owner.setAttribute('aria-invalid', 'true');
    }
  };

  slots.clear();
  root.replaceChildren(...build());
  return { node: root, showProblems };
}
