// Where a refreshed catalog is kept: the Cache API, not chrome.storage. A
// 10,000-store catalog is a megabyte; chrome.storage hands it back in tens
// of milliseconds, which a cold worker waits for before its first badge,
// while a cached response reads in a fraction of that. Beside it, the
// core's snapshot of the engine built from it (see src/engine/snapshot.rs),
// so a woken worker need not parse the catalog again.

import { catalogHash, setPublicSuffixes } from "../pkg/shoptrip.js";

const CACHE = "shoptrip-catalog";
// Cache keys must be http(s) URLs; these are never fetched.
const CATALOG = "https://catalog.shoptrip.invalid/feed.json";
const SNAPSHOT = "https://catalog.shoptrip.invalid/feed.snapshot";

// The core's catalogHash of the stored catalog, written in the same put.
const HASH_HEADER = "x-shoptrip-catalog-hash";

/**
 * The stored feed catalog, or undefined when none is stored: the core's
 * hash of it, its engine snapshot's bytes (undefined when there is none),
 * and its text, read only when asked for (a snapshot makes it unneeded).
 */
export async function readFeed() {
  const cache = await caches.open(CACHE);
  const [catalog, snapshot] = await Promise.all([cache.match(CATALOG), cache.match(SNAPSHOT)]);
  if (!catalog) return undefined;
  return {
    label: "stored",
    // A feed's catalog: parsed, it is checked against the Public Suffix List
    // again, as one cached by an older ShopTrip may never have been.
    fromFeed: true,
    hash: catalog.headers.get(HASH_HEADER) ?? undefined,
    snapshot: snapshot ? new Uint8Array(await snapshot.arrayBuffer()) : undefined,
    text: () => catalog.text(),
  };
}

/**
 * A feed catalog's text and `engine`, built from it: kept with the core's
 * hash of the text and the engine's snapshot, which never stays beside
 * another catalog.
 */
export async function writeFeed(text, engine) {
  const hash = catalogHash(new TextEncoder().encode(text));
  const snapshot = engine.snapshot(hash);
  const cache = await caches.open(CACHE);
  await cache.delete(SNAPSHOT);
  await cache.put(CATALOG, new Response(text, { headers: { "content-type": "application/json", [HASH_HEADER]: hash } }));
  await cache.put(SNAPSHOT, new Response(snapshot, { headers: { "content-type": "application/octet-stream" } }));
}

export async function forgetCatalog() {
  await caches.delete(CACHE);
}

/** The Public Suffix List shipped with the extension (read only when a feed is parsed). */
export function readPublicSuffixes() {
  return fetch(chrome.runtime.getURL("public_suffix_list.dat")).then((r) => r.text());
}

let suffixesHanded = null;

/**
 * The list handed to the core, once per worker: the lookalike check reads
 * registrable domains off it, and so does the index of an engine built from
 * a catalog's text after it (a snapshot's index was built with it already).
 */
export function publicSuffixesReady() {
  suffixesHanded ??= readPublicSuffixes().then((text) => setPublicSuffixes(text)).catch((e) => {
    suffixesHanded = null;
    throw e;
  });
  return suffixesHanded;
}
