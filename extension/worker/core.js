// Starts the core in the worker: the wasm module, the catalog (a refreshed
// copy in storage if it still validates, else the bundled one) and the
// trip journal over the storage mirror. Started once per worker life; every
// listener awaits the same promise.

import init, { Engine, TripJournal } from "../pkg/shoptrip.js";
import { StorageMirror } from "./storage-mirror.js";

const BUNDLED_CATALOG = "catalogs/us.json";

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
  const [, opened, bundled] = await Promise.all([
    init().then(mark("wasm")),
    StorageMirror.open().then(mark("storage")),
    fetch(chrome.runtime.getURL(BUNDLED_CATALOG)).then((r) => r.text()).then(mark("bundled")),
  ]);
  const problems = [];
  let engine = null;
  if (typeof opened.catalog === "string") {
    try {
      engine = new Engine(opened.catalog);
    } catch (e) {
      problems.push(`The stored catalog was not used: ${e.message}`);
    }
  }
  engine ??= new Engine(bundled);
  mark("engine")();
  const journal = openJournal(opened.mirror, problems);
  mark("journal")();
  return { engine, journal, mirror: opened.mirror, problems };
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
  const opened = await StorageMirror.open();
  core.mirror = opened.mirror;
  core.journal = openJournal(opened.mirror, core.problems);
}
