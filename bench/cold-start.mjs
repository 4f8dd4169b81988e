// Service-worker cold start to the first badge, in real Chromium with the
// real extension: the worker is stopped (as Chromium stops idle workers), a
// tab then commits a store page, and the fresh worker reports how long after
// its start the tab's badge was set. With the bundled catalog, then with a
// generated 10,000-store catalog stored as a refreshed feed would be.
//
// Two floors are measured in the same run, each a minimal extension built
// here (floor-extensions.mjs): a worker that sets the badge and does nothing
// else, and one that first instantiates the core's wasm (no catalog, no
// journal). What ShopTrip adds is the distance to them.
//
// Nothing is attached to a worker while it starts (see cdp-pipe.mjs): its
// figures are read from it afterwards.
//
// At the end it prints each ShopTrip figure as a multiple of the wasm floor's,
// and how long after the wasm each engine was ready.
//
//   node bench/cold-start.mjs [rounds]     (after ./build.sh)
//   BENCH_CHROMIUM_FLAGS="--js-flags=..." node bench/cold-start.mjs   (extra browser flags, to experiment)
import { readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { startWebServer } from "../tests/support/web-server.mjs";
import { ARTIFACTS } from "../tests/support/browser.mjs";
import { initSync, Engine } from "../pkg/shoptrip.js";
import { launchOverPipe } from "./cdp-pipe.mjs";
import { makeCatalog } from "./catalog.mjs";
import { floorExtension } from "./floor-extensions.mjs";

let rounds = Number(process.argv[2] ?? 9);
const STORE = "https://www.macys.com/shop";
// The shipped extension, as shoppers get it. Its sample offers are dated
// from the day they were written, so the badge to expect is the core's own
// answer for today, not a figure fixed here.
const EXTENSION = new URL("../extension/", import.meta.url).pathname;
initSync({ module: readFileSync(new URL("../pkg/shoptrip_bg.wasm", import.meta.url)) });
const shippedBadge = new Engine(readFileSync(`${EXTENSION}catalogs/us.json`, "utf8")).matchUrl(STORE).badge;

/** A browser with one extension, and the steps the measurement takes in it. */
async function session(web, extension) {
  const browser = await launchOverPipe([
    `--disable-extensions-except=${extension}`, `--load-extension=${extension}`, ...web.args,
    ...(process.env.BENCH_CHROMIUM_FLAGS ? process.env.BENCH_CHROMIUM_FLAGS.split(" ") : []),
  ]);
  async function findWorker() {
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(25)) {
      const { targetInfos } = await browser.send("Target.getTargets");
      const worker = targetInfos.find((t) => t.type === "service_worker" && t.url.endsWith("/background.js"));
      if (worker) return worker;
    }
    throw new Error("the extension's worker never started");
  }
  // A worker target can be listed before its script has run.
  const inWorker = async (expression) => browser.evaluateIn((await findWorker()).targetId,
    `new Promise(function wait(resolve) {
       if (globalThis.shoptrip) resolve(globalThis.shoptrip.ready); else setTimeout(wait, 10, resolve);
     }).then(async () => (${expression}))`);
  // Attaching while the freshly installed worker is still starting can stall it.
  await findWorker();
  await sleep(1000);
  await inWorker("true");
  const { targetId: pageId } = await browser.send("Target.createTarget", { url: "about:blank" });
  const { sessionId: page } = await browser.send("Target.attachToTarget", { targetId: pageId, flatten: true });
  await browser.send("Page.enable", {}, page);
  async function visit(url) {
    const loaded = browser.waitFor((m) => m.method === "Page.loadEventFired" && m.sessionId === page);
    await browser.send("Page.navigate", { url }, page);
    await loaded;
  }
  await visit("https://www.example.org/");
  const tab = await inWorker(`(await chrome.tabs.query({ url: "https://www.example.org/" }))[0].id`);
  async function stopWorker() {
    const { targetId } = await findWorker();
    await browser.send("Target.closeTarget", { targetId });
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(25)) {
      const { targetInfos } = await browser.send("Target.getTargets");
      if (!targetInfos.some((t) => t.targetId === targetId)) return;
    }
    throw new Error("the worker did not stop");
  }
  // `beforeEach` runs in the worker before it is stopped for each round.
  async function coldStarts(label, storeUrl, badge, beforeEach) {
    const figures = [];
    for (let i = 0; i < rounds; i++) {
      await visit("https://www.example.org/");
      await sleep(300);
      if (beforeEach) await inWorker(beforeEach);
      await stopWorker();
      await visit(`${storeUrl}?round=${i}`);
      // Left alone until it has surely finished, then asked.
      await sleep(1500);
      const seen = await inWorker(`({ timings: { ...globalThis.shoptrip.timings },
        engineFrom: (await globalThis.shoptrip.ready)?.engineFrom,
        badge: await chrome.action.getBadgeText({ tabId: ${tab} }) })`);
      if (seen.badge !== badge) throw new Error(`${label}: badge ${JSON.stringify(seen.badge)}, expected ${badge}`);
      figures.push({ ...seen.timings, engineFrom: seen.engineFrom });
    }
    return summary(label, figures);
  }
  return { inWorker, coldStarts, close: () => browser.close() };
}

function summary(label, figures) {
  const sorted = (key) => figures.map((f) => f[key]).filter((v) => typeof v === "number").sort((a, b) => a - b);
  const median = (key) => sorted(key)[Math.floor(sorted(key).length / 2)];
  const marks = Object.keys(figures[0]).filter((k) => typeof figures[0][k] === "number")
    .sort((a, b) => median(a) - median(b));
  const from = {};
  for (const f of figures) if (f.engineFrom) from[f.engineFrom] = (from[f.engineFrom] ?? 0) + 1;
  // The engine's wait after the wasm, round by round (it includes reading
  // the catalog or its snapshot when that ends later than the wasm).
  const afterWasm = figures.filter((f) => f.engine != null).map((f) => f.engine - f.wasm).sort((a, b) => a - b);
  const row = {
    catalog: label, rounds: figures.length,
    firstBadgeMedianMs: +median("firstBadgeMs").toFixed(1),
    firstBadgeRangeMs: [+sorted("firstBadgeMs")[0].toFixed(1), +sorted("firstBadgeMs").at(-1).toFixed(1)],
    engineAfterWasmMedianMs: afterWasm.length ? +afterWasm[Math.floor(afterWasm.length / 2)].toFixed(1) : null,
    engineFrom: from,
    marks: Object.fromEntries(marks.map((k) => [k, +median(k).toFixed(1)])),
  };
  console.log(`${label.padEnd(40)} first badge ${row.firstBadgeMedianMs} ms median ` +
    `(${row.firstBadgeRangeMs.join("–")})` +
    (row.engineAfterWasmMedianMs == null ? "" : `, engine ${row.engineAfterWasmMedianMs} ms after the wasm, from ${JSON.stringify(from)}`));
  console.log(`${"".padEnd(40)} median marks: ${marks.map((k) => `${k} ${row.marks[k]}`).join(", ")}`);
  return row;
}

const web = await startWebServer();
const results = [];
for (const kind of ["badge only", "wasm instantiated"]) {
  const floor = await session(web, floorExtension(kind));
  results.push(await floor.coldStarts(`floor: ${kind}`, STORE, "6%"));
  await floor.close();
}
const shoptrip = await session(web, EXTENSION);
results.push(await shoptrip.coldStarts("ShopTrip, bundled (184 stores)", STORE, shippedBadge));
const big = makeCatalog(10_000);
const bigStore = `https://www.${big.stores[4321].domains[0]}/p`;
// Where a refreshed feed's catalog is kept (worker/catalog-cache.js), as an
// older ShopTrip left it: no hash, no snapshot. The first wake parses it and
// writes both, as a feed refresh would have; that round is not counted.
const CACHE = `caches.open("shoptrip-catalog")`;
await shoptrip.inWorker(`${CACHE}.then((cache) => cache.put(
  "https://catalog.shoptrip.invalid/feed.json",
  new Response(${JSON.stringify(JSON.stringify(big))}, { headers: { "content-type": "application/json" } })))`);
const warmUp = rounds;
rounds = 1;
await shoptrip.coldStarts("(the feed's snapshot written)", bigStore, "2%");
rounds = warmUp;
results.push(await shoptrip.coldStarts("ShopTrip, 10,000 stores (feed)", bigStore, "2%"));
// The snapshot damaged before each wake: refused, the catalog parsed, a new one written.
results.push(await shoptrip.coldStarts("ShopTrip, 10,000 stores, damaged snapshot", bigStore, "2%",
  `${CACHE}.then(async (cache) => {
     const key = "https://catalog.shoptrip.invalid/feed.snapshot";
     const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
     bytes[bytes.length >> 1] ^= 0xff;
     await cache.put(key, new Response(bytes));
   })`));
await shoptrip.close();

const floor = results.find((r) => r.catalog === "floor: wasm instantiated").firstBadgeMedianMs;
console.log("\nfirst badge ÷ the wasm floor (medians, this run):");
for (const r of results.filter((row) => row.catalog.startsWith("ShopTrip"))) {
  console.log(`  ${r.catalog.padEnd(40)} ${(r.firstBadgeMedianMs / floor).toFixed(2)}×` +
    `   engine ready ${r.engineAfterWasmMedianMs} ms after the wasm`);
}
writeFileSync(`${ARTIFACTS}cold-start.json`, `${JSON.stringify(results, null, 2)}\n`);
await web.close();
