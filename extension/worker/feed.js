// The catalog feed: fetched at most daily (the core says when), and used
// only if it parses and validates whole for the shopper's region (and names
// no public suffix, such as co.uk, as a store's domain); otherwise
// the catalog in use stays and the settings page shows why. The request
// carries no cookies and no referrer: nothing about the shopper goes with it.
//
// A feed host must not be able to turn the refresh against the shopper:
//   - the check is recorded before the fetch, so a feed that never finishes
//     (or a worker stopped during it) still counts as the day's one request,
//     however often browsing wakes the worker;
//   - the whole fetch, body included, gives up after the core's timeout;
//   - a feed is refused by its Content-Length, or read as a stream and cut off,
//     past the core's size limit, before any of it reaches wasm memory (which
//     never shrinks).
//
// A fetch can take its time, and the shopper may change or clear the feed,
// or delete all data, meanwhile. Those changes and a fetch's write of its
// result run one at a time (`changeFeed` and the end of `refreshFeed`), and
// every change starts a new generation: a fetch that finishes in a later
// generation, or for a feed no longer configured, writes nothing, swaps no
// engine and records nothing.

import { Engine } from "../pkg/shoptrip.js";
import { writeFeed, readPublicSuffixes } from "./catalog-cache.js";

let generation = 0;
let lock = Promise.resolve();
function exclusively(task) {
  const run = lock.then(task);
  lock = run.catch(() => {});
  return run;
}

/**
 * Runs `change` (setting or clearing the feed, deleting all data) alone
 * with the feeds' writes, after which no fetch started before it counts.
 */
export function changeFeed(change) {
  return exclusively(() => {
    generation += 1;
    return change();
  });
}

export async function refreshFeed(core) {
  const started = generation;
  const url = core.journal.beginFeedCheck(Date.now());
  if (!url) return;
  await core.mirror.flush();
  let fetched = null;
  let error = null;
  try {
    fetched = await fetchCatalog(url, core.journal.settings(), core.journal.feedLimits);
  } catch (e) {
    error = String(e?.message ?? e);
  }
  await exclusively(async () => {
    if (generation !== started || core.journal.settings().feedUrl !== url) {
      // Superseded while it was fetched: the feed now configured decides.
      fetched?.engine.free();
      return;
    }
    if (fetched) {
      try {
        // Kept with the core's snapshot of the engine, which the next cold
        // start reads instead of parsing the feed again.
        await writeFeed(fetched.text, fetched.engine);
        core.engine.free();
        core.engine = fetched.engine;
      } catch (e) {
        fetched.engine.free();
        error = String(e?.message ?? e);
      }
    }
    core.journal.recordFeed(error, Date.now());
    await core.mirror.flush();
  });
}

async function fetchCatalog(url, settings, { timeoutMs, maxBytes }) {
  const signal = AbortSignal.timeout(timeoutMs);
  const seconds = Math.round(timeoutMs / 1000);
  const megabytes = Math.round(maxBytes / (1024 * 1024));
  let text;
  try {
    const response = await fetch(url, { credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", signal });
    if (!response.ok) throw new Error(`the feed answered HTTP ${response.status}`);
    const length = Number(response.headers.get("content-length"));
    if (length > maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`the feed is ${length} bytes; the limit is ${megabytes} MB`);
    }
    text = await readCapped(response, maxBytes, megabytes);
  } catch (e) {
    if (signal.aborted) throw new Error(`the feed did not arrive within ${seconds} seconds`);
    if (e instanceof TypeError) throw new Error(`the feed could not be reached (${e.message})`);
    throw e;
  }
  // Read only here, at most daily: the list is nothing a cold start needs.
  const suffixes = await readPublicSuffixes();
  const engine = Engine.fromFeed(text, suffixes);
  const region = engine.region;
  if (region !== settings.region) {
    engine.free();
    throw new Error(`the feed is a catalog for region ${region}, not ${settings.region}`);
  }
  engine.setProgram(settings.program);
  return { engine, text };
}

/** The body as UTF-8 text, given up on as soon as it passes `maxBytes`. */
async function readCapped(response, maxBytes, megabytes) {
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new Error(`the feed is larger than the limit of ${megabytes} MB`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("the feed is not UTF-8 text");
  }
}
