// IndexedDB, shared by the page and the service worker: the outbox, drafts and a copy of what
// the app last read from the server (to open with no network).
const NAME = 'xunke';
const STORES = ['outbox', 'drafts', 'saved'];
let opening = null;

function open() {
  opening ||= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = () => {
      for (const store of STORES) {
        if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => { opening = null; reject(request.error); };
  });
  return opening;
}

async function run(store, mode, action) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = action(tx.objectStore(store));
    tx.oncomplete = () => resolve(request?.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

export const get = (store, key) => run(store, 'readonly', (s) => s.get(key));
export const put = (store, key, value) => run(store, 'readwrite', (s) => s.put(value, key));
export const remove = (store, key) => run(store, 'readwrite', (s) => s.delete(key));
export const all = (store) => run(store, 'readonly', (s) => s.getAll());

// Keys that start with a prefix ('get:…'): a key range, so nothing else in the store is read.
const starting = (prefix) => IDBKeyRange.bound(prefix, `${prefix}\uffff`);
export const count = (store, prefix) => run(store, 'readonly', (s) => s.count(starting(prefix)));
export const keys = (store, prefix) => run(store, 'readonly', (s) => s.getAllKeys(starting(prefix)));
export const values = (store, prefix) => run(store, 'readonly', (s) => s.getAll(starting(prefix)));
export const removeAll = (store, prefix) => run(store, 'readwrite', (s) => s.delete(starting(prefix)));
