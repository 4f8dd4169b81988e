// Service-worker cold start to the first badge, in real Chromium with the
// real extension: the worker is stopped (as Chromium stops idle workers),
// a tab then commits a store page, and the fresh worker reports how long
// after its start it set that tab's badge. With the bundled catalog, then
// with a generated 10,000-store catalog stored as a refreshed feed would be.
//
//   node bench/cold-start.mjs [rounds]     (after ./build.sh)
import { writeFileSync } from "node:fs";
import { startWebServer } from "../tests/support/web-server.mjs";
import { ARTIFACTS } from "../tests/support/browser.mjs";
import { launchWithExtension, inWorker, stopWorker, tabIdOf, waitForBadge } from "../tests/support/extension.mjs";
import { makeCatalog } from "./catalog.mjs";

const rounds = Number(process.argv[2] ?? 9);
const web = await startWebServer();
const { context, extensionId } = await launchWithExtension(web);
const page = await context.newPage();
await page.goto("https://www.example.org/");
const tab = await tabIdOf(context, extensionId, page);

async function coldStarts(label, storeUrl, badge) {
  const figures = [];
  for (let i = 0; i < rounds; i++) {
    await page.goto("https://www.example.org/");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "", "clear");
    await stopWorker(context, extensionId);
    await page.goto(`${storeUrl}?round=${i}`);
    await waitForBadge(context, extensionId, tab, (b) => b.text === badge, badge);
    figures.push(await inWorker(context, extensionId, () => ({ ...globalThis.shoptrip.timings })));
  }
  const sorted = (key) => figures.map((f) => f[key]).sort((a, b) => a - b);
  const median = (key) => sorted(key)[Math.floor(rounds / 2)];
  const row = {
    catalog: label, rounds,
    firstBadgeMedianMs: +median("firstBadgeMs").toFixed(1),
    firstBadgeRangeMs: [+sorted("firstBadgeMs")[0].toFixed(1), +sorted("firstBadgeMs").at(-1).toFixed(1)],
    coreReadyMedianMs: +median("readyMs").toFixed(1),
    marks: figures[Math.floor(rounds / 2)],
  };
  console.log(`${label.padEnd(28)} first badge ${row.firstBadgeMedianMs} ms median ` +
    `(${row.firstBadgeRangeMs.join("–")}), core ready ${row.coreReadyMedianMs} ms`);
  return row;
}

const results = [];
results.push(await coldStarts("bundled (184 stores)", "https://www.macys.com/shop", "6%"));
const big = makeCatalog(10_000);
// Where a refreshed feed's catalog is kept (worker/catalog-cache.js).
await inWorker(context, extensionId, async (json) => {
  const cache = await caches.open("shoptrip-catalog");
  await cache.put("https://catalog.shoptrip.invalid/feed.json", new Response(json, { headers: { "content-type": "application/json" } }));
}, JSON.stringify(big));
results.push(await coldStarts("10,000 stores (cached feed)", `https://www.${big.stores[4321].domains[0]}/p`, "2%"));
writeFileSync(`${ARTIFACTS}cold-start.json`, `${JSON.stringify(results, null, 2)}\n`);
await context.close();
await web.close();
