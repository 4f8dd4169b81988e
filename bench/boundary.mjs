// What the large results cost to cross the wasm boundary: every trip
// (`journal.trips()`) and the trips page's report (`journal.report()`) over
// 10,000 stored trips. Prints the median ms of each, for the build in `pkg/`
// or the one SHOPTRIP_PKG names, so two builds that cross differently (serde
// text plus `JSON.parse`, or serde-wasm-bindgen's objects) compare side by
// side:
//
//   node bench/boundary.mjs
//   SHOPTRIP_PKG=/other/pkg node bench/boundary.mjs
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const pkg = process.env.SHOPTRIP_PKG
  ? pathToFileURL(`${process.env.SHOPTRIP_PKG.replace(/\/$/, "")}/`)
  : new URL("../pkg/", import.meta.url);
const { initSync, Engine, TripJournal } = await import(new URL("shoptrip.js", pkg));
initSync({ module: readFileSync(new URL("shoptrip_bg.wasm", pkg)) });

const NOW = Date.UTC(2030, 5, 15, 12);
const catalog = readFileSync(new URL("../tests/fixtures/catalogs/us.json", import.meta.url), "utf8");
const engine = new Engine(catalog);

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

const data = new Map([["shoptrip.trips", storedTrips(10_000)]]);
const journal = new TripJournal({
  get: (key) => data.get(key) ?? null,
  set: (key, value) => { data.set(key, value); },
  remove: (key) => { data.delete(key); },
  keys: (prefix) => [...data.keys()].filter((key) => key.startsWith(prefix)),
}, NOW);
if (journal.trips().length !== 10_000) throw new Error("the trips did not load");

const timings = { trips: [], report: [] };
for (let round = 0; round < 21; round++) {
  let t = performance.now();
  journal.trips();
  timings.trips.push(performance.now() - t);
  t = performance.now();
  journal.report(engine, NOW);
  timings.report.push(performance.now() - t);
}
console.log(
  `${pkg.pathname}: trips() ${median(timings.trips).toFixed(1)} ms, ` +
  `report() ${median(timings.report).toFixed(1)} ms (10,000 trips, median of 21)`,
);
