// Photos taken in the classroom: resized and compressed on the phone (at most 1600 px, about
// 300 KB) before they wait in the outbox, shown as thumbnails, removable before submitting.
import { el } from './el.js';
import { t } from './strings.js';

const MAX_SIDE = 1600;
const TARGET_BYTES = 300 * 1024;

async function compress(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  let blob = null;
  for (let quality = 0.8; quality > 0.3; quality -= 0.15) {
    blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob.size <= TARGET_BYTES) break;
  }
  return blob;
}

/** The camera button and thumbnails; photos is [{uuid, blob}], changed in place. */
export function photoPicker(photos, onChange) {
  const thumbs = el('div', { className: 'thumbs' });
  const error = el('p', { className: 'error', role: 'alert' });
  const draw = () => thumbs.replaceChildren(...photos.map((photo, index) => {
    const url = URL.createObjectURL(photo.blob);
    return el('div', { className: 'thumb' },
      el('img', { src: url, alt: `${t.photos} ${index + 1}`, onload: () => URL.revokeObjectURL(url) }),
      el('button', { type: 'button', 'aria-label': `${t.removePhoto} ${index + 1}`, onclick: () => {
        photos.splice(index, 1);
        draw();
        onChange();
      } }, '✕'));
  }));
  const input = el('input', { type: 'file', accept: 'image/*', capture: 'environment', multiple: true, className: 'visually-hidden' });
  input.addEventListener('change', async () => {
    error.textContent = '';
    for (const file of input.files) {
      try {
        photos.push({ uuid: crypto.randomUUID(), blob: await compress(file) });
      } catch {
        error.textContent = t.photoFailed;
      }
    }
    input.value = '';
    draw();
    onChange();
  });
  draw();
  return el('div', {}, el('h3', {}, t.photos),
    el('label', { className: 'button secondary' }, `＋ ${t.addPhoto}`, input), error, thumbs);
}
