// Build DOM nodes: el('button', {type: 'button', onclick}, '提交'). Attributes with a dash or
// aria-/data- go through setAttribute; everything else is a property.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key.includes('-')) node.setAttribute(key, value === true ? '' : value);
    else node[key] = value;
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** A labelled control: the label wraps its text and the control, so every control has a name. */
export function field(text, control, hint) {
  return el('label', { className: 'field' }, el('span', {}, text), control, hint ? el('small', { className: 'muted' }, hint) : null);
}
