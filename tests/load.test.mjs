// Load, end to end: 100 Shop Now activations at once across tabs, and a
// worker and trips page with 10,000 stored trips. Figures are printed and
// saved to artifacts/load.json; only correctness is asserted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { startWebServer } from "./support/web-server.mjs";
import { ARTIFACTS } from "./support/browser.mjs";
import { launchWithExtension, inWorker, stopWorker, storedState, tabIdOf } from "./support/extension.mjs";
import { TEST_NOW } from "./support/clock.mjs";

let web, context, extensionId;
const figures = {};
before(async () => {
  web = await startWebServer();
  ({ context, extensionId } = await launchWithExtension(web));
});
after(async () => {
  writeFileSync(`${ARTIFACTS}load.json`, `${JSON.stringify(figures, null, 2)}\n`);
  console.log("load figures:", JSON.stringify(figures));
  await context?.close();
  await web?.close();
});

const STORES = ["macys", "nordstrom", "target", "nike", "kohls", "sephora", "bestbuy", "walmart", "amazon", "ebay"];

test("100 Shop Now activations at once across tabs: 100 trips, none lost or duplicated", async () => {
  const control = await context.newPage();
  await control.goto(`chrome-extension://${extensionId}/options.html`);
  const tabs = await inWorker(context, extensionId, async (n) => {
    const made = await Promise.all(Array.from({ length: n }, () => chrome.tabs.create({ url: "about:blank", active: false })));
    return made.map((t) => t.id);
  }, 100);
  const started = Date.now();
  const replies = await control.evaluate(([tabIds, stores]) => Promise.all(tabIds.map((tabId, i) =>
    chrome.runtime.sendMessage({ type: "shop-now", tabId, storeId: stores[i % stores.length] }))), [tabs, STORES]);
  figures.activations = { count: tabs.length, allAnsweredMs: Date.now() - started };
  assert.ok(replies.every((r) => r?.ok), JSON.stringify(replies.find((r) => !r?.ok)));
  const { trips } = await storedState(context, extensionId);
  assert.equal(trips.length, 100);
  assert.equal(new Set(trips.map((t) => t.id)).size, 100, "no duplicate ids");
  assert.deepEqual(new Set(trips.map((t) => t.tabId)), new Set(tabs), "one trip per tab");
  assert.deepEqual(replies.map((r) => r.result.tripId).sort(), trips.map((t) => t.id).sort());
  await inWorker(context, extensionId, (ids) => chrome.tabs.remove(ids), tabs);
});

test("10,000 stored trips: the worker starts, answers, and the trips page renders (figures)", async () => {
  const day = 86_400_000;
  // The worker's clock (the stored trips' ages are what matter).
  const now = TEST_NOW;
  const trips = Array.from({ length: 10_000 }, (_, i) => {
    const startedMs = now - (i % 700) * day;
    const ordered = i % 3 !== 0;
    return {
      id: i.toString(16).padStart(32, "0"), storeId: STORES[i % 10], storeName: `Store ${i % 10}`, startedMs,
      program: "cash_back", currency: "USD",
      offer: { kind: "percent", rateBps: 500, upTo: false, text: "5% Cash Back" },
      startUrl: "https://www.macys.com/", status: ordered ? (i % 2 ? "confirmed" : "pending") : "expired",
      history: [{ status: "activated", atMs: startedMs }],
      ...(ordered ? { order: { subtotalMinor: 10_000 + i, orderedMs: startedMs + 1000, source: "page",
        estimate: { amountMinor: 500, points: 0, display: "$5.00" } } } : {}),
    };
  });
  const doc = JSON.stringify({ version: 3, trips, standDowns: [], settings: {} });
  figures.tenThousandTrips = { storedBytes: doc.length };
  await inWorker(context, extensionId, async (text) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set({ "shoptrip.trips": text });
  }, doc);
  await stopWorker(context, extensionId);

  const page = await context.newPage();
  await page.goto("https://www.macys.com/shop");
  await tabIdOf(context, extensionId, page);
  const timings = await inWorker(context, extensionId, () => ({ ...globalThis.shoptrip.timings }));
  figures.tenThousandTrips.workerReadyMs = Math.round(timings.readyMs);
  figures.tenThousandTrips.firstBadgeMs = Math.round(timings.firstBadgeMs ?? -1);

  const control = await context.newPage();
  await control.goto(`chrome-extension://${extensionId}/options.html`);
  const answer = await control.evaluate(async () => {
    const t0 = performance.now();
    const report = await chrome.runtime.sendMessage({ type: "report" });
    const t1 = performance.now();
    const popup = await chrome.runtime.sendMessage({ type: "search", query: "mac" });
    const t2 = performance.now();
    return { reportMs: t1 - t0, trips: report.result.trips.length, searchMs: t2 - t1, found: popup.result.length };
  });
  assert.equal(answer.trips, 10_000);
  figures.tenThousandTrips.reportMs = Math.round(answer.reportMs);
  figures.tenThousandTrips.searchWhileLoadedMs = Math.round(answer.searchMs);

  const shopStart = Date.now();
  const tabId = await tabIdOf(context, extensionId, page);
  const reply = await control.evaluate((t) => chrome.runtime.sendMessage({ type: "shop-now", tabId: t, storeId: "macys" }), tabId);
  assert.ok(reply.ok, JSON.stringify(reply));
  figures.tenThousandTrips.shopNowMs = Date.now() - shopStart;

  const trips10k = await context.newPage();
  const t0 = Date.now();
  await trips10k.goto(`chrome-extension://${extensionId}/trips.html`);
  await trips10k.locator("#trips tr").nth(199).waitFor({ timeout: 120_000 });
  figures.tenThousandTrips.tripsPageRenderedMs = Date.now() - t0;
  assert.equal(await trips10k.locator("#trips tr").count(), 200, "a page at a time");
  assert.match(await trips10k.locator("#more").innerText(), /Show 200 more \(9801 not shown\)/);
  const t1 = Date.now();
  await trips10k.selectOption("#filter-status", "pending");
  figures.tenThousandTrips.filterMs = Date.now() - t1;
  await trips10k.click("#more");
  assert.equal(await trips10k.locator("#trips tr").count(), 400);
});
