// Where a refreshed catalog is kept: the Cache API, not chrome.storage. A
// 10,000-store catalog is a megabyte; chrome.storage hands it back in tens
// of milliseconds, which a cold worker waits for before its first badge,
// while a cached response reads in a fraction of that.

const CACHE = "shoptrip-catalog";
// Cache keys must be http(s) URLs; this one is never fetched.
const ENTRY = "https://catalog.shoptrip.invalid/feed.json";

/** The stored feed catalog's text, or undefined. */
export async function readCatalog() {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(ENTRY);
  return hit ? hit.text() : undefined;
}

export async function writeCatalog(text) {
  const cache = await caches.open(CACHE);
  await cache.put(ENTRY, new Response(text, { headers: { "content-type": "application/json" } }));
}

export async function forgetCatalog() {
  await caches.delete(CACHE);
}
