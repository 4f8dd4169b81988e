// The catalog feed: fetched at most daily (the core says when), and used
// only if it parses and validates whole for the shopper's region; otherwise
// the catalog in use stays and the settings page shows why. The request
// carries no cookies and no referrer: nothing about the shopper goes with it.

import { Engine } from "../pkg/shoptrip.js";
import { writeCatalog } from "./catalog-cache.js";

export async function refreshFeed(core) {
  const url = core.journal.feedDue(Date.now());
  if (!url) return;
  let error = null;
  try {
    const engine = await fetchCatalog(url, core.journal.settings());
    await writeCatalog(engine.text);
    core.engine.free();
    core.engine = engine.engine;
  } catch (e) {
    error = String(e?.message ?? e);
  }
  core.journal.recordFeed(error, Date.now());
  await core.mirror.flush();
}

async function fetchCatalog(url, settings) {
  let response;
  try {
    response = await fetch(url, { credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" });
  } catch (e) {
    throw new Error(`the feed could not be reached (${e.message})`);
  }
  if (!response.ok) throw new Error(`the feed answered HTTP ${response.status}`);
  const text = await response.text();
  const engine = new Engine(text);
  const region = engine.region;
  if (region !== settings.region) {
    engine.free();
    throw new Error(`the feed is a catalog for region ${region}, not ${settings.region}`);
  }
  engine.setProgram(settings.program);
  return { engine, text };
}
