// Starts the core in the worker: the wasm module, the trip journal over the
// storage mirror, and the catalog of the shopper's region (a refreshed copy
// in the cache if it still validates, else the bundled one). Started once per
// worker life; every listener awaits the same promise.
//
// A cold start waits for the engine before its first badge, so each catalog
// comes with the core's snapshot of its engine, read instead of the catalog
// when the core accepts it: for the feed, kept in the cache beside it; for the
// bundled catalogs, written at build time. A refused or missing snapshot
// costs one parse of the catalog, and a new snapshot once the badge is out.

import init, { Engine, TripJournal, catalogHash } from "../pkg/shoptrip.js";
import { StorageMirror } from "./storage-mirror.js";
import { readFeed, writeFeed, readPublicSuffixes, publicSuffixesReady } from "./catalog-cache.js";

const SESSION_PROMPTED = "shoptrip.prompted";
const SESSION_WARNED = "shoptrip.lookalikeWarned";
let wasmMemory = null;

/** The size of the core's wasm memory (it grows and never shrinks). */
export const wasmMemoryBytes = () => wasmMemory?.buffer.byteLength ?? 0;
const US_CATALOG = "catalogs/us.json";

/**
 * @typedef {object} Core
 * @property {Engine} engine
 * @property {"snapshot" | "catalog"} engineFrom  how the engine was built
 * @property {TripJournal} journal
 * @property {StorageMirror} mirror
 * @property {string[]} problems  what starting had to work around
 * @property {(() => Promise<void>) | null} snapshotDue  writes the feed's missing snapshot
 */

/** @returns {Promise<Core>} */
export async function startCore(marks = {}) {
  const mark = (name) => (value) => {
    marks[name] = performance.now();
    return value;
  };
  marks.start = performance.now();
  // The wasm is the longest wait: asked for first.
  const wasm = init({ module_or_path: chrome.runtime.getURL("pkg/shoptrip_bg.wasm") })
    .then((exports) => { wasmMemory = exports.memory; }).then(mark("wasm"))
    // Built while the storage and the catalog's snapshot are still on their way, when they are.
    .then(() => Engine.prepare()).then(mark("prepared"));
  // Most shoppers are in the US: that catalog is read while the rest loads.
  const usBundle = readBundled(US_CATALOG).then(mark("bundleRead"));
  const feed = readFeed().catch(() => undefined).then(mark("feedRead"));
  const profile = readPublisherProfile();
  const [, mirror, session] = await Promise.all([
    wasm,
    StorageMirror.open().then(mark("storage")),
    chrome.storage.session.get([SESSION_PROMPTED, SESSION_WARNED]).then(mark("session")),
  ]);
  const problems = [];
  const journal = openJournal(mirror, problems);
  journal.sessionPrompted = session[SESSION_PROMPTED] ?? [];
  journal.sessionWarned = session[SESSION_WARNED] ?? [];
  setPublisher(journal, await profile, problems);
  mark("journal")();
  const core = { engine: null, engineFrom: null, journal, mirror, problems, snapshotDue: null };
  const stored = await feed;
  mark("catalogRead")();
  await loadCatalog(core, stored, usBundle);
  mark("engine")();
  return core;
}

/**
 * The build's publisher profile (`publisher.json`, written by the package
 * build), or null: a build without one is the demo.
 */
async function readPublisherProfile() {
  try {
    const response = await fetch(chrome.runtime.getURL("publisher.json"));
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

/** The journal's publisher: the build's profile, or the demo. */
function setPublisher(journal, profile, problems) {
  try {
    journal.setPublisher(profile);
  } catch (e) {
    // The package build refuses a bad profile; a damaged one runs as the demo.
    problems.push(`The publisher profile was not used: ${e.message}`);
  }
}

/** A bundled catalog and its build-time snapshot, as `readFeed` gives the feed's. */
async function readBundled(path) {
  const bytes = (file) => fetch(chrome.runtime.getURL(file))
    .then((r) => (r.ok ? r.arrayBuffer() : undefined), () => undefined)
    .then((buffer) => buffer && new Uint8Array(buffer));
  const [catalog, snapshot] = await Promise.all([bytes(path), bytes(path.replace(/\.json$/, ".snapshot"))]);
  // A few kilobytes, hashed by the core once it is ready.
  return { label: "shipped", catalog, snapshot, text: async () => new TextDecoder().decode(catalog) };
}

/**
 * The engine for a catalog: from its snapshot if the core accepts it, else
 * parsed from the catalog's text (which throws a CatalogError if refused).
 */
async function buildEngine(source, problems) {
  const hash = source.hash ?? (source.catalog && catalogHash(source.catalog));
  if (source.snapshot && hash) {
    try {
      return { engine: Engine.fromSnapshot(source.snapshot, hash), from: "snapshot" };
    } catch (e) {
      problems.push(`The ${source.label} catalog's snapshot was not used: ${e.message}`);
    }
  }
  const text = await source.text();
  // The list is read on this slow path only, for the engine's lookalike index.
  if (!source.fromFeed) await publicSuffixesReady().catch((e) => problems.push(`The Public Suffix List was not read: ${e.message}`));
  const engine = source.fromFeed ? Engine.fromFeed(text, await readPublicSuffixes()) : new Engine(text);
  return { engine, from: "catalog", text };
}

/**
 * The catalog for the settings' region (`feed`, as `readFeed` gives it, if
 * it is for that region); the engine follows the settings' program.
 */
export async function loadCatalog(core, feed, usBundle) {
  const settings = core.journal.settings();
  let built = null;
  if (feed) {
    try {
      built = await buildEngine(feed, core.problems);
      if (built.engine.region !== settings.region) {
        built.engine.free();
        built = null;
      }
    } catch (e) {
      core.problems.push(`The stored catalog was not used: ${e.message}`);
    }
  }
  core.snapshotDue = null;
  if (built?.from === "catalog") {
    // The feed's snapshot was missing or refused: a new one, with the
    // catalog's hash, once the first badge is out.
    const { engine, text } = built;
    core.snapshotDue = async () => {
      if (core.engine === engine) await writeFeed(text, engine);
    };
  }
  if (!built) {
    const bundle = settings.bundledCatalog === US_CATALOG && usBundle ? usBundle : readBundled(settings.bundledCatalog);
    built = await buildEngine(await bundle, core.problems);
  }
  built.engine.setProgram(settings.program);
  core.engine?.free();
  core.engine = built.engine;
  core.engineFrom = built.from;
}

/** Keeps the prompted-stores list where a restarted worker finds it. */
export function saveSession(core) {
  return chrome.storage.session.set({
    [SESSION_PROMPTED]: core.journal.sessionPrompted,
    [SESSION_WARNED]: core.journal.sessionWarned,
  });
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
  const { sessionPrompted, sessionWarned } = core.journal;
  core.mirror = mirror;
  core.journal = openJournal(mirror, core.problems);
  core.journal.sessionPrompted = sessionPrompted;
  core.journal.sessionWarned = sessionWarned;
  setPublisher(core.journal, await readPublisherProfile(), core.problems);
}
