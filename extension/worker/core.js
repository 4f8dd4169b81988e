// Starts the core in the worker: the wasm module, the trip journal over the
// storage mirror, and the catalog of the shopper's region (a refreshed copy
// in storage if it still validates, else the bundled one). Started once per
// worker life; every listener awaits the same promise.

import init, { Engine, TripJournal } from "../pkg/shoptrip.js";
import { StorageMirror } from "./storage-mirror.js";
import { readCatalog } from "./catalog-cache.js";

const SESSION_PROMPTED = "shoptrip.prompted";
let wasmMemory = null;

/** The size of the core's wasm memory (it grows and never shrinks). */
export const wasmMemoryBytes = () => wasmMemory?.buffer.byteLength ?? 0;
const US_CATALOG = "catalogs/us.json";

/**
 * @typedef {object} Core
 * @property {Engine} engine
 * @property {TripJournal} journal
 * @property {StorageMirror} mirror
 * @property {string[]} problems  what starting had to work around
 */

/** @returns {Promise<Core>} */
export async function startCore(marks = {}) {
  const mark = (name) => (value) => {
    marks[name] = performance.now();
    return value;
  };
  marks.start = performance.now();
  // Most shoppers are in the US: that catalog is fetched while the rest loads.
  const usCatalog = fetch(chrome.runtime.getURL(US_CATALOG)).then((r) => r.text());
  const feedCatalog = readCatalog().catch(() => undefined);
  const [, mirror, session] = await Promise.all([
    init({ module_or_path: chrome.runtime.getURL("pkg/shoptrip_bg.wasm") })
      .then((exports) => { wasmMemory = exports.memory; }).then(mark("wasm")),
    StorageMirror.open().then(mark("storage")),
    chrome.storage.session.get(SESSION_PROMPTED),
  ]);
  const problems = [];
  const journal = openJournal(mirror, problems);
  journal.sessionPrompted = session[SESSION_PROMPTED] ?? [];
  mark("journal")();
  const core = { engine: null, journal, mirror, problems };
  const stored = await feedCatalog;
  mark("catalogRead")();
  await loadCatalog(core, stored, usCatalog);
  mark("engine")();
  return core;
}

/** The catalog for the settings' region; the engine follows the settings' program. */
export async function loadCatalog(core, stored, usCatalog) {
  const settings = core.journal.settings();
  let engine = null;
  if (typeof stored === "string") {
    try {
      engine = new Engine(stored);
      if (engine.region !== settings.region) engine = null;
    } catch (e) {
      core.problems.push(`The stored catalog was not used: ${e.message}`);
    }
  }
  if (!engine) {
    const bundled = settings.bundledCatalog === US_CATALOG && usCatalog
      ? await usCatalog
      : await fetch(chrome.runtime.getURL(settings.bundledCatalog)).then((r) => r.text());
    engine = new Engine(bundled);
  }
  engine.setProgram(settings.program);
  core.engine?.free();
  core.engine = engine;
}

/** Keeps the prompted-stores list where a restarted worker finds it. */
export function saveSession(core) {
  return chrome.storage.session.set({ [SESSION_PROMPTED]: core.journal.sessionPrompted });
}

function openJournal(mirror, problems) {
  const now = Date.now();
  const journal = new TripJournal(mirror, now);
  for (const issue of journal.loadIssues()) problems.push(issue.message);
  try {
    journal.expireStale(now);
    journal.applyRetention(now);
  } catch (e) {
    problems.push(`Tidying the trips failed: ${e.message}`);
  }
  return journal;
}

/**
 * After a failed write the journal may hold what storage does not: read both
 * again from chrome.storage, the record of truth.
 */
export async function reopenJournal(core) {
  const mirror = await StorageMirror.open();
  const prompted = core.journal.sessionPrompted;
  core.mirror = mirror;
  core.journal = openJournal(mirror, core.problems);
  core.journal.sessionPrompted = prompted;
}
