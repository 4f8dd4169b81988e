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

import { Engine } from "../pkg/shoptrip.js";
import { writeFeed } from "./catalog-cache.js";

export async function refreshFeed(core) {
  const url = core.journal.beginFeedCheck(Date.now());
  if (!url) return;
  await core.mirror.flush();
  let error = null;
  try {
    const engine = await fetchCatalog(url, core.journal.settings(), core.journal.feedLimits);
    // Kept with the core's snapshot of the engine, which the next cold
    // start reads instead of parsing the feed again.
    await writeFeed(engine.text, engine.engine);
    core.engine.free();
    core.engine = engine.engine;
  } catch (e) {
    error = String(e?.message ?? e);
  }
  core.journal.recordFeed(error, Date.now());
  await core.mirror.flush();
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
  const suffixes = await fetch(chrome.runtime.getURL("public_suffix_list.dat")).then((r) => r.text());
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
