// The published rubrics an observer scores on, kept on the phone for offline use.
import { cachedGet } from './api.js';

/** The latest published versions serving `kind`: [{rubric_id, id, number, title, definition}]. */
export async function rubricsFor(kind) {
  const { data: list } = await cachedGet(`/rubrics?kind=${kind}`);
  const full = await Promise.all(list.filter((r) => r.latest).map((r) => cachedGet(`/rubrics/${r.id}`)));
  return full.map(({ data: r }) => ({ rubric_id: r.id, title: r.title, ...r.latest }));
}

/** A published version by rubric id and number, however old. */
export async function version(rubricId, number) {
  return (await cachedGet(`/rubrics/${rubricId}/versions/${number}`)).data;
}
