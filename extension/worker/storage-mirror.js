// The core's storage interface over chrome.storage.local. The core reads and
// writes synchronously; chrome.storage is asynchronous. So the worker reads
// everything once at start into a mirror, the core works on the mirror, and
// every write is also sent to chrome.storage at once. `flush()` waits for the
// writes: Shop Now awaits it before the tab leaves, so a trip is on disk
// before the tracking link is visited.

/** Keys the core owns. */
const PREFIX = "shoptrip.";

export class StorageMirror {
  #entries;
  #pending = [];

  constructor(entries) {
    this.#entries = entries;
  }

  /** Reads the core's keys into a mirror. */
  static async open() {
    const all = await chrome.storage.local.get(null);
    const entries = new Map();
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(PREFIX)) entries.set(key, value);
    }
    return new StorageMirror(entries);
  }

  get(key) {
    return this.#entries.get(key);
  }

  set(key, value) {
    this.#entries.set(key, value);
    this.#track(chrome.storage.local.set({ [key]: value }));
  }

  remove(key) {
    this.#entries.delete(key);
    this.#track(chrome.storage.local.remove(key));
  }

  keys(prefix) {
    return [...this.#entries.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  #track(write) {
    // Kept rejected for flush(); marked handled so no unhandled rejection is logged twice.
    write.catch(() => {});
    this.#pending.push(write);
  }

  /** Resolves when every write so far is stored; rejects with the first failure. */
  async flush() {
    const writes = this.#pending;
    this.#pending = [];
    await Promise.all(writes);
  }
}
