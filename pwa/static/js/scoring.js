// Live subtotals, total and grade band for display while scoring; a mirror of
// backend/rubrics/scoring.py (docs/rubrics.md). The server's score is the one that counts.
// Points are kept in hundredths (integers), as rubric numbers have at most two decimals.
const cents = (value) => Math.round(Number(value) * 100);
const clamp = (v, lo, hi) => Math.min(hi ?? Infinity, Math.max(lo ?? -Infinity, v));

function itemScore(item, value) {
  if (item.type === 'text') return null;
  if (value === 'na' && item.allow_na) return { na: true, points: 0, max: 0, min: 0 };
  const answered = value !== undefined && value !== null && value !== '';
  if (item.type === 'score') {
    const min = cents(item.min ?? 0);
    return { points: answered ? cents(value) : min, max: cents(item.max), min };
  }
  if (item.type === 'level') {
    const points = item.levels.map((l) => cents(l.points));
    const chosen = item.levels.find((l) => String(l.key) === String(value));
    return { points: chosen ? cents(chosen.points) : Math.min(...points), max: Math.max(...points), min: Math.min(...points) };
  }
  const p = cents(item.points);
  if (item.polarity === 'praise') return { points: value === true ? p : 0, max: p, min: 0 };
  return { points: value === true ? -p : 0, max: 0, min: -p };
}

/** Score answers on a definition: {sections: [{key, points, maximum, applicable}], total, maximum, percentage, band}. */
export function scoreAnswers(definition, answers) {
  const floor = (s) => (s.floor === undefined ? undefined : cents(s.floor));
  const cap = (s) => (s.cap === undefined ? undefined : cents(s.cap));
  let total = 0;
  let maximum = 0;
  const sections = definition.sections.map((section) => {
    const scored = section.items.map((i) => itemScore(i, answers[i.key])).filter((s) => s && !s.na);
    if (!scored.length) return { key: section.key, points: 0, maximum: 0, applicable: false };
    const sum = (f) => clamp(scored.reduce((a, s) => a + s[f], 0), floor(section), cap(section));
    const result = { key: section.key, points: sum('points'), maximum: sum('max'), applicable: true };
    total += result.points;
    maximum += result.maximum;
    return result;
  });
  const percentage = maximum > 0 ? Math.round((total / maximum) * 1000) / 10 : null;
  let band = null;
  if (percentage !== null && definition.bands) {
    const p = Math.max(percentage, 0);
    band = definition.bands.find((b) => b.min <= p && (p < b.max || (b.max === 100 && p === 100)))?.label ?? null;
  }
  return { sections, total, maximum, percentage, band };
}

/** Hundredths to text without trailing zeros: 8750 → "87.5". */
export function points(hundredths) {
  return String(hundredths / 100);
}
