// Storage faults, end to end: whatever state the worker finds, it starts,
// keeps every well-formed trip, sets the rest aside as a reported backup,
// and goes on working; a write that does not fit starts no trip.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  openBrowser, closeBrowser, inWorker, stopWorker, tabIdOf, waitForBadge, storedState, askWorker,
} from "./support/extension.mjs";
import { TEST_NOW } from "./support/clock.mjs";

let web, context, extensionId;
before(async () => ({ web, context, extensionId } = await openBrowser()));
after(() => closeBrowser({ web, context }));

const TRIP = {
  id: "f".repeat(32), storeId: "macys", storeName: "Macy's", startedMs: TEST_NOW - 3_600_000,
  program: "cash_back", currency: "USD",
  offer: { kind: "percent", rateBps: 600, upTo: true, text: "Up to 6% Cash Back" },
  startUrl: "https://www.macys.com/", status: "activated",
  history: [{ status: "activated", atMs: TEST_NOW - 3_600_000 }],
};
const GOOD = { version: 3, trips: [TRIP], standDowns: [], settings: {} };

/** Replaces what is stored, restarts the worker, and returns what it made of it. */
async function restartWith(stored) {
  await inWorker(context, extensionId, async (items) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set(items);
  }, stored);
  await stopWorker(context, extensionId);
  const page = await context.newPage();
  await page.goto(`https://www.macys.com/?r=${Math.random()}`);
  const tab = await tabIdOf(context, extensionId, page);
  const badge = await waitForBadge(context, extensionId, tab, (b) => b.text !== "", "set");
  const all = await inWorker(context, extensionId, () => chrome.storage.local.get(null));
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator("#problems li").first().waitFor();
  const reported = await options.locator("#problems").innerText();
  await Promise.all([page.close(), options.close()]);
  const backups = Object.keys(all).filter((k) => k.startsWith("shoptrip.backup."));
  return { badge, all, backups, reported };
}

for (const [name, stored, expect] of [
  ["written half-way (truncated)", JSON.stringify(GOOD).slice(0, 90), { trips: 0, why: /not JSON/ }],
  ["of the wrong type", 42, { trips: 0, why: /no version number/ }],
  ["from a future version", JSON.stringify({ ...GOOD, version: 99 }), { trips: 0, why: /newer ShopTrip \(version 99/ }],
  ["with one trip broken among good ones",
    JSON.stringify({ ...GOOD, trips: [TRIP, { ...TRIP, id: "0".repeat(32), status: "flying" }] }),
    { trips: 1, why: /trip 1 was set aside: status/ }],
]) {
  test(`stored state ${name}: the worker starts, keeps what is readable, backs up and reports the rest`, async () => {
    const { badge, all, backups, reported } = await restartWith({ "shoptrip.trips": stored });
    assert.ok(["ON", "6%"].includes(badge.text), "the extension works");
    assert.equal(backups.length, 1, JSON.stringify(Object.keys(all)));
    const backup = all[backups[0]];
    if (expect.trips === 0) assert.equal(backup, typeof stored === "string" ? stored : JSON.stringify(stored), "kept whole");
    assert.match(reported, expect.why);
    // What the worker holds (storage keeps the unreadable original until the next save).
    const { result } = await askWorker(context, extensionId, { type: "report" });
    assert.equal(result.trips.length, expect.trips);
    if (expect.trips) assert.equal(result.trips[0].id, TRIP.id);
  });
}

test("a Shop Now whose trip does not fit in storage starts no trip and says why", async () => {
  await restartWith({ "shoptrip.trips": JSON.stringify(GOOD) });
  // Fill chrome.storage.local (10 MB) to the brim.
  await inWorker(context, extensionId, async () => {
    const chunk = "x".repeat(1024 * 1024);
    for (let i = 0; ; i++) {
      try {
        await chrome.storage.local.set({ [`filler.${i}`]: chunk });
      } catch {
        break;
      }
    }
    for (const size of [16 * 1024, 1024, 64]) {
      const small = "x".repeat(size);
      for (let i = 0; ; i++) {
        try {
          await chrome.storage.local.set({ [`filler.${size}.${i}`]: small });
        } catch {
          break;
        }
      }
    }
  });
  const page = await context.newPage();
  await page.goto("https://www.nordstrom.com/");
  const tab = await tabIdOf(context, extensionId, page);
  await waitForBadge(context, extensionId, tab, (b) => b.text === "3%", "offer");
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
  await popup.click('button[data-action="shop-now"]');
  await popup.locator("#error:not([hidden])").waitFor();
  assert.match(await popup.locator("#error").innerText(), /could not be saved, so ShopTrip did not start it/);
  assert.equal(page.url(), "https://www.nordstrom.com/", "the tab did not leave");
  assert.deepEqual((await storedState(context, extensionId)).trips.map((t) => t.id), [TRIP.id], "nothing lost");
  await inWorker(context, extensionId, async () => {
    const keys = Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith("filler."));
    await chrome.storage.local.remove(keys);
  });
  await popup.click('button[data-action="shop-now"]');
  await waitForBadge(context, extensionId, tab, (b) => b.text === "ON", "works again once there is room");
});
