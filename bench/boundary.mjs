// What the large results cost to cross the wasm boundary: every trip
// (`journal.trips()`) and the trips page's report (`journal.report()`) over
// 10,000 stored trips. Prints the median ms of each for the build in `pkg/`
// and for each other build named: two builds that cross differently (serde
// text plus `JSON.parse`, or serde-wasm-bindgen's objects) run round by
// round in one process, so a noisy machine moves both alike.
//
//   node bench/boundary.mjs [/other/pkg ...]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const NOW = Date.UTC(2030, 5, 15, 12);
const catalogText = readFileSync(new URL("../tests/fixtures/catalogs/us.json", import.meta.url), "utf8");

/** A stored document of `n` trips, a third of them with an order. */
function storedTrips(n) {
  const trips = [];
  for (let i = 0; i < n; i++) {
    const started = NOW - (n - i) * 3_600_000;
    const trip = {
      id: i.toString(16).padStart(32, "0"), storeId: "macys", storeName: "Macy's",
      startedMs: started, program: "cash_back", currency: "USD",
      offer: { kind: "percent", rateBps: 600, upTo: true, text: "Up to 6% Cash Back" },
      startUrl: "https://www.macys.com/", status: "activated",
      history: [{ status: "activated", atMs: started }],
    };
    if (i % 3 === 0) {
      trip.status = "ordered";
      trip.order = { subtotalMinor: 12_345, orderNumber: `A-${i}`, orderedMs: started + 60_000,
        estimate: { amountMinor: 741, points: 0, display: "$7.41" }, source: "page" };
      trip.history.push({ status: "ordered", atMs: started + 60_000 });
    }
    trips.push(trip);
  }
  return JSON.stringify({ version: 5, trips, standDowns: [], settings: {} });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const stored = storedTrips(10_000);

/** One build: its engine and a journal over the stored trips. */
async function load(dir) {
  const url = pathToFileURL(`${dir.replace(/\/$/, "")}/`);
  const { initSync, Engine, TripJournal } = await import(new URL("shoptrip.js", url));
  initSync({ module: readFileSync(new URL("shoptrip_bg.wasm", url)) });
  const data = new Map([["shoptrip.trips", stored]]);
  const journal = new TripJournal({
    get: (key) => data.get(key) ?? null,
    set: (key, value) => { data.set(key, value); },
    remove: (key) => { data.delete(key); },
    keys: (prefix) => [...data.keys()].filter((key) => key.startsWith(prefix)),
  }, NOW);
  if (journal.trips().length !== 10_000) throw new Error(`${dir}: the trips did not load`);
  return { dir, engine: new Engine(catalogText), journal, trips: [], report: [] };
}

const dirs = [new URL("../pkg", import.meta.url).pathname, ...process.argv.slice(2)];
const builds = [];
for (const dir of dirs) builds.push(await load(dir));
for (let round = 0; round < 21; round++) {
  for (const build of builds) {
    let t = performance.now();
    build.journal.trips();
    build.trips.push(performance.now() - t);
    t = performance.now();
    build.journal.report(build.engine, NOW);
    build.report.push(performance.now() - t);
  }
}
for (const build of builds) {
  console.log(
    `${build.dir}: trips() ${median(build.trips).toFixed(1)} ms, ` +
    `report() ${median(build.report).toFixed(1)} ms (10,000 trips, median of 21 rounds)`,
  );
}
