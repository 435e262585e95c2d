// A record's photos as thumbnails, each linking to the full photo. Thumbnails are read through
// cachedGet (as Blobs), so one seen before shows offline; one never seen says so in words, as
// does one the server no longer has (a published notice keeps naming photos past retention).
import { cachedGet, readAs } from '../api.js';
import { el } from '../el.js';
import { t } from '../strings.js';

const blob = readAs('blob');

function thumb(photo, label) {
  const link = el('a', { href: photo.url, target: '_blank', 'aria-label': label },
    el('span', { className: 'photo-missing' }, t.loading));
  // Not awaited: the screen shows at once and each thumbnail arrives when it can.
  cachedGet(photo.thumb_url.replace('/api/v1', ''), blob).then(({ data }) => {
    const src = URL.createObjectURL(data);
    link.replaceChildren(el('img', { src, alt: label, width: 96, height: 96, onload: () => URL.revokeObjectURL(src) }));
  }).catch((error) => link.replaceChildren(el('span', { className: 'photo-missing' },
    error.status === 404 ? t.photoGone : t.photoOffline)));
  return link;
}

/** photos: [{url, thumb_url}] as the API gives them; null when there are none. */
export function photoThumbs(photos) {
  return photos?.length ? el('div', { className: 'thumbs' }, photos.map((p, i) => thumb(p, `${t.photos} ${i + 1}`))) : null;
}
