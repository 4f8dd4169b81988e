// Chromium-only checks of the extension end to end, beside the journeys that
// run in both browsers (journeys.mjs): the popup's figures and the stored
// trip in detail, activating on purpose while paused, requests from the
// extension to any host, and forged messages from pages, content scripts and
// other extensions. Real catalog hosts (www.macys.com...) reach the local
// test server through --host-resolver-rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import {
  inWorker, waitForBadge, storedState, shadowText, browsersForFile, openTab, openPopup,
} from "./support/extension.mjs";

// Lets Playwright report the service worker's own network requests (test 3).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";

const PAUSED = [107, 107, 107, 255];
const OTHER_EXTENSION = new URL("./fixtures/other-extension/", import.meta.url).pathname;

const file = browsersForFile();
const { withBrowser, trackingHits } = file;

const badgeIs = (text, colour) => (b) => b.text === text && (!colour || String(b.colour) === String(colour));

test("1. Shop Now stores the trip, goes through the tracking link and confirms in the page", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const { page, tab } = await openTab(context, extensionId, "https://www.macys.com/shop/coats?id=42");
    await waitForBadge(context, extensionId, tab, badgeIs("6%"), "6%");
    const popup = await openPopup(context, extensionId, tab);
    assert.equal(await popup.locator("#store-name").innerText(), "Macy's");
    assert.equal(await popup.locator("#offer").innerText(), "Up to 6% Cash Back");
    await popup.fill("#subtotal", "120.00");
    await assert.doesNotReject(popup.locator("#estimated", { hasText: "Estimated: $7.20" }).waitFor());
    await popup.locator("#categories-box summary").click();
    await popup.locator("#exclusions-box summary").click();
    await popup.screenshot({ path: `${ARTIFACTS}popup-store.png` });

    const before = trackingHits().length;
    await popup.click('button[data-action="shop-now"]');
    const active = await waitForBadge(context, extensionId, tab, badgeIs("ON"), "active");
    assert.notEqual(active.text, "6%");

    const { trips } = await storedState(context, extensionId);
    assert.equal(trips.length, 1);
    const [trip] = trips;
    assert.equal(trip.storeId, "macys");
    assert.equal(trip.tabId, tab);
    assert.equal(trip.status, "activated");
    assert.equal(trip.program, "cash_back");
    assert.equal(trip.offer.text, "Up to 6% Cash Back");
    assert.equal(trip.startUrl, "https://www.macys.com/shop/coats?id=42");
    assert.match(trip.id, /^[0-9a-f]{32}$/);

    const hits = trackingHits().slice(before);
    assert.equal(hits.length, 1, "one request to the tracking endpoint");
    assert.equal(new URLSearchParams(hits[0].search).get("trip"), trip.id);
    assert.equal(page.url(), "https://www.macys.com/shop/coats?id=42", "back on the page it started from");

    const host = page.locator('[data-shoptrip="confirmation"]');
    await host.waitFor();
    const inside = await shadowText(context, page, "confirmation");
    assert.match(inside.text, /Demo trip started at Macy's: nothing is earned in the demo/);
    assert.doesNotMatch(inside.text, /is active/, "the demo claims no reward");
    assert.deepEqual(inside.shadowModes, ["closed"]);
    assert.equal(await page.evaluate(() => document.querySelector("[data-shoptrip]").shadowRoot), null,
      "page scripts cannot reach inside");
    assert.ok(await host.isVisible());
    await page.screenshot({ path: `${ARTIFACTS}confirmation.png` });
    // The confirmation shows once per trip: a reload brings no second one.
    await page.reload();
    await page.waitForTimeout(500);
    assert.equal(await page.locator("[data-shoptrip]").count(), 0);
    assert.ok((await storedState(context, extensionId)).trips[0].landedMs > 0);
  });
});

test("2. while paused by another affiliate, the shopper may still activate on purpose from the popup", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    // (The stand-down itself, for each kind of signal, is in journeys.mjs.)
    const before = trackingHits().length;
    const cj = await openTab(context, extensionId, "https://www.macys.com/?cjevent=abc123");
    const paused = await waitForBadge(context, extensionId, cj.tab, badgeIs("6%", PAUSED), "paused");
    assert.match(paused.title, /paused/);
    assert.equal(trackingHits().length, before, "nothing went to the tracking endpoint");
    const popup = await openPopup(context, extensionId, cj.tab);
    await popup.click('button[data-action="shop-now"]');
    await waitForBadge(context, extensionId, cj.tab, badgeIs("ON"), "active after a deliberate Shop Now");
    assert.equal(trackingHits().length, before + 1);
    assert.equal((await storedState(context, extensionId)).trips.length, 1);
  });
});

test("3. browsing without a click makes no network request from the extension's worker or pages", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    // (What the test server sees is checked in both browsers by journeys.mjs;
    // this also catches a request to any other host, which only Chromium reports.)
    const fromExtension = [];
    context.on("request", (request) => {
      const worker = request.serviceWorker();
      let frameUrl = worker?.url() ?? "";
      try {
        frameUrl ||= request.frame()?.url() ?? "";
      } catch {
        // A navigation issued before its frame exists (a new tab's first
        // request) has no frame yet: it is the tab's, not a page's request.
      }
      if (frameUrl.startsWith(`chrome-extension://${extensionId}/`) && !request.url().startsWith("chrome-extension:")) {
        fromExtension.push(request.url());
      }
    });
    const page = await context.newPage();
    for (const url of ["https://www.macys.com/shop/coats", "https://www.example.org/", "https://www.nike.com/?cjevent=1",
      "https://www.sephora.com/spa", "https://www.target.com/c/toys"]) {
      await page.goto(url);
      await page.waitForTimeout(200);
    }
    await page.waitForTimeout(1000);
    assert.deepEqual(fromExtension, [], "no network request from the extension's worker or pages");
  });
});

test("4. web pages, content scripts and other extensions cannot start a trip", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const before = trackingHits().length;
    const { page, tab } = await openTab(context, extensionId, "https://www.macys.com/shop/coats");
    await waitForBadge(context, extensionId, tab, badgeIs("6%"), "6%");
    const forged = [
      { type: "shop-now", tabId: tab, storeId: "macys" },
      { type: "shop-now", tabId: tab, storeId: "macys", trusted: true },
      { type: "popup", tabId: tab },
    ];
    // A page's postMessage, and a page reaching for chrome.runtime.
    const pageTries = await page.evaluate((messages) => {
      for (const m of messages) window.postMessage(m, "*");
      return typeof chrome === "undefined" || !chrome.runtime?.sendMessage ? "no chrome.runtime" : "has chrome.runtime";
    }, forged);
    assert.equal(pageTries, "no chrome.runtime");
    // A content script (ShopTrip's own isolated world) forging the popup's message.
    const contentTries = await inWorker(context, extensionId, async ({ tabId, messages }) => {
      const [{ result }] = await chrome.scripting.executeScript({
        target: { tabId },
        func: async (ms) => Promise.all(ms.map((m) => chrome.runtime.sendMessage(m).then(
          (r) => ({ reply: r ?? null }), (e) => ({ error: e.message })))),
        args: [messages],
      });
      return result;
    }, { tabId: tab, messages: forged });
    for (const outcome of contentTries) assert.ok(!outcome.reply, `refused: ${JSON.stringify(outcome)}`);
    // Another extension messaging ShopTrip directly.
    const other = context.serviceWorkers().find((w) => w.url().endsWith("/worker.js"))
      ?? await context.waitForEvent("serviceworker", { predicate: (w) => w.url().endsWith("/worker.js") });
    for (const message of forged) {
      const outcome = await other.evaluate(([id, m]) => self.tryShopTrip(id, m), [extensionId, message]);
      assert.ok(outcome.error && !outcome.reply, `refused: ${JSON.stringify(outcome)}`);
    }
    await page.waitForTimeout(500);
    assert.deepEqual((await storedState(context, extensionId)).trips, [], "no trip");
    assert.equal(trackingHits().length, before, "no tracking request");
    assert.equal(page.url(), "https://www.macys.com/shop/coats", "the tab stayed where it was");
    await waitForBadge(context, extensionId, tab, badgeIs("6%"), "still the offer");
  }, { extraExtensions: [OTHER_EXTENSION] });
});
