// The app's "now". Tests and demos open the app with ?at=2026-11-24T10:20:00+08:00 to see the
// timetable at that moment; the clock then runs on from there.
// A '+' of the offset arrives as a space when the URL was typed unencoded.
const at = new URLSearchParams(location.search).get('at')?.replace(' ', '+');
const offset = at && !Number.isNaN(Date.parse(at)) ? Date.parse(at) - Date.now() : 0;

export const fixedAt = offset ? at : null;

export function now() {
  return new Date(Date.now() + offset);
}

/** The school's local date (Asia/Shanghai) of a moment, as YYYY-MM-DD. */
export function localDate(date = now(), timeZone = 'Asia/Shanghai') {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(date);
}
