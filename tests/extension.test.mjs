// The real extension/ loaded unpacked in Debian's Chromium, driven the way a
// shopper drives it (API.md's test surface): store pages, the badge, the
// popup's Shop Now, the confirmation in the page, stand-down, the worker
// stopped mid-way, privacy, and forged messages. Real catalog hosts
// (www.macys.com...) reach the local test server through --host-resolver-rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import {
  inWorker, waitForBadge, storedState, stopWorker, shadowText,
  shoptripWorker,
  browsersForFile, openTab, openPopup,
} from "./support/extension.mjs";

// Lets Playwright report the service worker's own network requests (scenario 5).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";

const OFFER = [11, 122, 117, 255];
const PAUSED = [107, 107, 107, 255];
const OTHER_EXTENSION = new URL("./fixtures/other-extension/", import.meta.url).pathname;

const file = browsersForFile();
const { withBrowser, trackingHits } = file;

const badgeIs = (text, colour) => (b) => b.text === text && (!colour || String(b.colour) === String(colour));


test("1. a store page shows the offer on the badge; other pages and lookalikes show none", async () => {
  await withBrowser(async ({ context, extensionId, errors }) => {
    const { page, tab } = await openTab(context, extensionId, "https://www.macys.com/shop/coats");
    const shown = await waitForBadge(context, extensionId, tab, badgeIs("6%", OFFER), "6%");
    assert.match(shown.title, /Macy's/);
    await page.goto("https://www.example.org/news");
    await waitForBadge(context, extensionId, tab, badgeIs(""), "cleared");
    await page.goto("https://macys.com.evil.example/shop");
    await page.waitForTimeout(300);
    await waitForBadge(context, extensionId, tab, badgeIs(""), "still clear on a lookalike");
    await page.goto("https://m.macys.com/bag");
    await waitForBadge(context, extensionId, tab, badgeIs("6%", OFFER), "6% again");
    assert.deepEqual(errors, []);
  });
});

test("2. Shop Now stores the trip, goes through the tracking link and confirms in the page", async () => {
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
    assert.match(inside.text, /You're ready to shop at Macy's — Up to 6% Cash Back is active/);
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

test("3. arriving through another affiliate pauses ShopTrip: no prompt, no tracking request", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const before = trackingHits().length;
    const cj = await openTab(context, extensionId, "https://www.macys.com/?cjevent=abc123");
    const paused = await waitForBadge(context, extensionId, cj.tab, badgeIs("6%", PAUSED), "paused");
    assert.match(paused.title, /paused/);

    const rakuten = await openTab(context, extensionId,
      `https://click.linksynergy.com/deeplink?id=pub&mid=1&murl=${encodeURIComponent("https://www.nordstrom.com/sale")}`);
    assert.match(rakuten.page.url(), /^https:\/\/www\.nordstrom\.com\/sale\?ranMID=/);
    await waitForBadge(context, extensionId, rakuten.tab, badgeIs("3%", PAUSED), "paused (network parameters)");

    // A click host that adds nothing to the URL: only the redirect chain tells.
    const quiet = await openTab(context, extensionId,
      `https://www.anrdoezrs.net/click-1-2?url=${encodeURIComponent("https://www.bestbuy.com/tv")}`);
    assert.equal(quiet.page.url(), "https://www.bestbuy.com/tv");
    await waitForBadge(context, extensionId, quiet.tab, badgeIs("1%", PAUSED), "paused (redirect chain)");

    // Still paused on the store's next page, with no signal on it.
    await cj.page.goto("https://www.macys.com/shop/shoes");
    await cj.page.waitForTimeout(300);
    await waitForBadge(context, extensionId, cj.tab, badgeIs("6%", PAUSED), "still paused");

    for (const { page } of [cj, rakuten, quiet]) {
      assert.equal(await page.locator("[data-shoptrip]").count(), 0, "no prompt, no confirmation");
    }
    assert.equal(trackingHits().length, before, "nothing went to the tracking endpoint");
    assert.deepEqual((await storedState(context, extensionId)).trips, []);

    // The popup says why; the shopper may still activate on purpose.
    const popup = await openPopup(context, extensionId, cj.tab);
    assert.match(await popup.locator("#state").innerText(), /Paused: Commission Junction.*CJ event tracking parameter.*until/s);
    await popup.screenshot({ path: `${ARTIFACTS}popup-paused.png` });
    await popup.click('button[data-action="shop-now"]');
    await waitForBadge(context, extensionId, cj.tab, badgeIs("ON"), "active after a deliberate Shop Now");
    assert.equal(trackingHits().length, before + 1);
    assert.equal((await storedState(context, extensionId)).trips.length, 1);
  });
});

test("4. the trip and the stand-down survive the worker being stopped", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const referred = await openTab(context, extensionId, "https://www.macys.com/?cjevent=xyz");
    await waitForBadge(context, extensionId, referred.tab, badgeIs("6%", PAUSED), "paused");
    const shopping = await openTab(context, extensionId, "https://www.target.com/c/kitchen");
    await waitForBadge(context, extensionId, shopping.tab, badgeIs("1.5%"), "1.5%");
    const popup = await openPopup(context, extensionId, shopping.tab);
    await popup.click('button[data-action="shop-now"]');
    await waitForBadge(context, extensionId, shopping.tab, badgeIs("ON"), "active");
    const { trips } = await storedState(context, extensionId);
    await popup.close();

    await stopWorker(context, extensionId);
    // Navigations wake a fresh worker, which knows only what was stored.
    await referred.page.goto("https://www.macys.com/shop/shoes");
    await shopping.page.goto("https://www.target.com/c/bath");
    await waitForBadge(context, extensionId, referred.tab, badgeIs("6%", PAUSED), "paused after the restart");
    await waitForBadge(context, extensionId, shopping.tab, badgeIs("ON"), "active after the restart");
    const worker = await shoptripWorker(context, extensionId);
    const uptime = await worker.evaluate(() => performance.now());
    assert.ok(uptime < 60_000, "a new worker answered");
    assert.deepEqual((await storedState(context, extensionId)).trips.map((t) => t.id), trips.map((t) => t.id));
  });
});

test("5. browsing without a click makes no request from the extension", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const fromExtension = [];
    context.on("request", (request) => {
      const worker = request.serviceWorker();
      const frameUrl = worker ? worker.url() : request.frame()?.url() ?? "";
      if (frameUrl.startsWith(`chrome-extension://${extensionId}/`) && !request.url().startsWith("chrome-extension:")) {
        fromExtension.push(request.url());
      }
    });
    const start = file.web.log.length;
    const visits = [
      "https://www.macys.com/shop/coats",
      "https://www.example.org/",
      "https://www.nike.com/?cjevent=1",
      "https://www.sephora.com/spa",
      "https://www.target.com/c/toys",
    ];
    const page = await context.newPage();
    for (const url of visits) {
      await page.goto(url);
      await page.waitForTimeout(200);
    }
    await page.waitForTimeout(1000);
    const expected = new Set(visits.map((u) => { const x = new URL(u); return `${x.host}${x.pathname}${x.search}`; }));
    const seen = file.web.log.slice(start).map((r) => `${r.host}${r.path}${r.search}`);
    const unexpected = seen.filter((r) => !expected.has(r) && !r.endsWith("/favicon.ico"));
    assert.deepEqual(unexpected, [], "the server saw only the pages the shopper opened");
    assert.deepEqual(fromExtension, [], "no network request from the extension's worker or pages");
    assert.equal(file.web.log.slice(start).filter((r) => r.host === "go.shoptrip.example").length, 0);
  });
});

test("6. web pages, content scripts and other extensions cannot start a trip", async () => {
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
