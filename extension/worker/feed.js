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
//   - the whole fetch, body included, gives up after the core's timeout, and
//     a feed past the core's size limit is cut off unread (./capped-fetch.js).
//
// A fetch can take its time, and the shopper may change or clear the feed,
// or delete all data, meanwhile. Those changes and a fetch's write of its
// result run one at a time (`changeFeed` and the end of `refreshFeed`), and
// every change starts a new generation: a fetch that finishes in a later
// generation, or for a feed no longer configured, writes nothing, swaps no
// engine and records nothing.

import { Engine } from "../pkg/shoptrip.js";
import { writeFeed, readPublicSuffixes } from "./catalog-cache.js";
import { fetchCapped } from "./capped-fetch.js";
import { oneAtATime } from "./one-at-a-time.js";

let generation = 0;
const exclusively = oneAtATime();

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
  const { status, text } = await fetchCapped(url, {}, { timeoutMs, maxBytes, what: "the feed" });
  if (status < 200 || status > 299) throw new Error(`the feed answered HTTP ${status}`);
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
