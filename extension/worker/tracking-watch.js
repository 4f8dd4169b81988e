// The tabs Shop Now sent through a tracking link and that have not reached
// the store yet: tab → { tripId, storeId, deadline }. The core decides what a
// failure is; this only remembers whom to follow, and when to give up (the
// core's trackingLimitMs). Kept in session storage, so a worker stopped in
// the middle of a hop still gives up on time when it wakes.

const KEY = "shoptrip.trackingWatch";
const watches = new Map();
const timers = new Map();
let loaded = null;

function load() {
  loaded ??= chrome.storage.session.get(KEY).then((stored) => {
    for (const [tab, watch] of Object.entries(stored[KEY] ?? {})) watches.set(Number(tab), watch);
  });
  return loaded;
}

function save() {
  return chrome.storage.session.set({ [KEY]: Object.fromEntries(watches) });
}

function schedule(tabId, watch, onTimeout) {
  clearTimeout(timers.get(tabId));
  // A little past the deadline, so the core sees the limit has passed.
  const wait = Math.max(0, watch.deadline - Date.now()) + 50;
  timers.set(tabId, setTimeout(() => onTimeout(tabId, watch), wait));
}

/** Follows `tabId` after Shop Now started trip `tripId`. */
export async function watchTab(tabId, watch, onTimeout) {
  await load();
  watches.set(tabId, watch);
  await save();
  schedule(tabId, watch, onTimeout);
}

/** What `tabId` is being followed for, or null. */
export async function watchOf(tabId) {
  await load();
  return watches.get(tabId) ?? null;
}

export async function unwatch(tabId, watch) {
  await load();
  if (watches.get(tabId)?.tripId !== watch.tripId) return;
  watches.delete(tabId);
  clearTimeout(timers.get(tabId));
  timers.delete(tabId);
  await save();
}

/** After a restart: the timers of the watches a stopped worker left behind. */
export async function resumeWatches(onTimeout) {
  await load();
  for (const [tabId, watch] of watches) schedule(tabId, watch, onTimeout);
}
