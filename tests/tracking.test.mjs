// Shop Now when the tracking link fails, as shoppers meet it: a host that
// does not resolve, a click server answering 503, one that never answers, a
// content blocker (a real second extension with a declarativeNetRequest
// rule) — each time the tab comes back to the page Shop Now started from,
// the page says why in a closed shadow root, the trip records it and the
// popup says the same. Try again works once the blocker allows the link.
// Also: a referral by another affiliate during a trip is written on the trip
// and said in the popup and on the trips page, never in the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import {
  browsersForFile, openTab, openPopup, waitForBadge, storedState, shadowText, waitForShadow, clickInShadow,
} from "./support/extension.mjs";

const BLOCKER = new URL("./fixtures/blocker-extension/", import.meta.url).pathname;
const file = browsersForFile();
const { withBrowser, trackingHits } = file;

/** A store page, its badge, then the shopper's click on Shop Now in the popup. */
async function shopNow(context, extensionId, url, badge) {
  const { page, tab } = await openTab(context, extensionId, url);
  await waitForBadge(context, extensionId, tab, (b) => b.text === badge, badge);
  const popup = await openPopup(context, extensionId, tab);
  await popup.click('button[data-action="shop-now"]');
  return { page, tab, popup };
}

/** The notice, the stored trip, the badge and the popup after a failed hop. */
async function expectFailure(context, extensionId, { page, tab, popup }, { start, store, offer, reason, says, shot }) {
  const notice = await waitForShadow(context, page, "tracking-failed");
  assert.equal(page.url(), start, "back on the page Shop Now started from");
  assert.match(notice.text, says);
  assert.match(notice.text, /Cash back may not be recorded/);
  assert.match(notice.text, /Try again/);
  assert.deepEqual(notice.shadowModes, ["closed"]);
  assert.equal(await page.evaluate(() => document.querySelector('[data-shoptrip="tracking-failed"]').shadowRoot), null);
  assert.equal(await page.locator('[data-shoptrip="confirmation"], [data-shoptrip="prompt"]').count(), 0,
    "no confirmation, no prompt");
  await page.screenshot({ path: `${ARTIFACTS}tracking-${shot}.png` });

  const trip = (await storedState(context, extensionId)).trips.at(-1);
  assert.equal(trip.storeId, store);
  assert.equal(trip.trackingFailure.reason, reason);
  assert.ok(trip.trackingFailure.notifiedMs >= trip.trackingFailure.atMs);
  assert.equal(trip.landedMs, undefined);
  await waitForBadge(context, extensionId, tab, (b) => b.text === offer, `the offer (${offer}) again, not ON`);

  // The popup that started the trip follows it to its outcome.
  await popup.locator("#state.failed").waitFor();
  assert.match(await popup.locator("#state").innerText(), /tracking link failed.*Cash back may not be recorded/s);
  assert.equal(await popup.locator("#shop-now").innerText(), "Try again");
  assert.ok(await popup.locator("#shop-now").isVisible());
  await popup.screenshot({ path: `${ARTIFACTS}popup-tracking-${shot}.png` });
  return trip;
}

test("control: a working tracking link lands on the store with the confirmation and no failure notice", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const before = trackingHits().length;
    const trip = await shopNow(context, extensionId, "https://www.macys.com/shop/coats?id=7", "6%");
    await waitForBadge(context, extensionId, trip.tab, (b) => b.text === "ON", "active");
    await waitForShadow(context, trip.page, "confirmation");
    assert.equal(trackingHits().length, before + 1);
    // The popup's Shop Now does not linger, disabled, under "Your trip is active".
    await trip.popup.locator("#state.active").waitFor();
    assert.equal(await trip.popup.locator("#shop-now").isVisible(), false);
    await trip.page.waitForTimeout(11_000);
    assert.equal(await trip.page.locator('[data-shoptrip="tracking-failed"]').count(), 0, "no failure after the limit");
    const [stored] = (await storedState(context, extensionId)).trips;
    assert.equal(stored.trackingFailure, undefined);
    assert.ok(stored.landedMs > 0);
  });
});

test("a tracking host that does not resolve brings the shopper back, and says so", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const start = "https://www.unreachable-shop.example/jackets";
    const trip = await shopNow(context, extensionId, start, "5%");
    await expectFailure(context, extensionId, trip, {
      start, store: "unreachable-shop", offer: "5%", reason: "unresolved", shot: "unresolved",
      says: /ShopTrip couldn't reach the tracking link for Unreachable Outfitters — its address could not be found/,
    });
  });
});

test("a click server answering 503 brings the shopper back, and says so", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const start = "https://www.status-shop.example/cart";
    const trip = await shopNow(context, extensionId, start, "4%");
    const stored = await expectFailure(context, extensionId, trip, {
      start, store: "status-shop", offer: "4%", reason: "http", shot: "503",
      says: /couldn't reach the tracking link for Status Supply — it answered with an error \(HTTP 503\)/,
    });
    assert.equal(stored.trackingFailure.status, 503);
  });
});

test("a click server that never answers: after 10 seconds the shopper is brought back", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const start = "https://www.slow-shop.example/";
    const trip = await shopNow(context, extensionId, start, "3%");
    const stored = await expectFailure(context, extensionId, trip, {
      start, store: "slow-shop", offer: "3%", reason: "timeout", shot: "timeout",
      says: /couldn't reach the tracking link for Slowpoke Goods — it did not answer within 10 seconds/,
    });
    const waited = stored.trackingFailure.atMs - stored.startedMs;
    assert.ok(waited >= 10_000 && waited < 20_000, `gave up after ${waited} ms`);
  });
});

test("a shopper who goes elsewhere while the tracking link loads is left there", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const trip = await shopNow(context, extensionId, "https://www.slow-shop.example/", "3%");
    await trip.page.waitForTimeout(1000);
    // Typed into the address bar before the click server answered.
    await trip.page.goto("https://www.example.org/elsewhere");
    await trip.page.waitForTimeout(11_000);
    assert.equal(trip.page.url(), "https://www.example.org/elsewhere", "not pulled back");
    assert.equal(await trip.page.locator('[data-shoptrip="tracking-failed"]').count(), 0);
    const [stored] = (await storedState(context, extensionId)).trips;
    assert.equal(stored.trackingFailure, undefined, "nothing failed: the shopper left");
  });
});

test("a content blocker blocks the click host; once it allows it, Try again starts the trip", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const start = "https://www.macys.com/shop/shoes";
    const trip = await shopNow(context, extensionId, start, "6%");
    const failed = await expectFailure(context, extensionId, trip, {
      start, store: "macys", offer: "6%", reason: "blocked", shot: "blocked",
      says: /couldn't reach the tracking link for Macy's — an ad or content blocker blocked it\./,
    });
    const notice = await shadowText(context, trip.page, "tracking-failed");
    assert.match(notice.text, /add go\.shoptrip\.example to your blocker's allowed sites/);
    assert.equal(failed.trackingFailure.host, "go.shoptrip.example");

    // The shopper allows the link in the blocker, then tries again.
    const blocker = context.serviceWorkers().find((w) => w.url().endsWith("/worker.js"))
      ?? await context.waitForEvent("serviceworker", { predicate: (w) => w.url().endsWith("/worker.js") });
    await blocker.evaluate(() => self.allowClicks());
    const before = trackingHits().length;
    await clickInShadow(context, trip.page, "tracking-failed", "Try again");
    await waitForBadge(context, extensionId, trip.tab, (b) => b.text === "ON", "active after Try again");
    await waitForShadow(context, trip.page, "confirmation");
    assert.equal(trackingHits().length, before + 1, "through the tracking link this time");
    const trips = (await storedState(context, extensionId)).trips;
    assert.equal(trips.length, 2, "the failed trip stays on record beside the new one");
    assert.equal(trips[0].trackingFailure.reason, "blocked");
    assert.equal(trips[1].trackingFailure, undefined);
    assert.ok(trips[1].landedMs > 0);
    await trip.popup.locator("#state.active").waitFor();
    await trip.page.screenshot({ path: `${ARTIFACTS}tracking-try-again.png` });
  }, { extraExtensions: [BLOCKER] });
});

test("another affiliate's link during a trip: stand-down, and the lost referral written on the trip", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const trip = await shopNow(context, extensionId, "https://www.macys.com/shop/coats", "6%");
    await waitForBadge(context, extensionId, trip.tab, (b) => b.text === "ON", "active");
    await waitForShadow(context, trip.page, "confirmation");

    await trip.page.goto(`https://click.linksynergy.com/deeplink?id=pub&mid=1&murl=${encodeURIComponent("https://www.macys.com/shop/bags")}`);
    await waitForBadge(context, extensionId, trip.tab, (b) => b.text === "6%" && String(b.colour) === "107,107,107,255", "paused");
    await trip.page.waitForTimeout(500);
    assert.equal(await trip.page.locator("[data-shoptrip]").count(), 0, "nothing said in the page");
    const [stored] = (await storedState(context, extensionId)).trips;
    assert.match(stored.attributionLost.network, /rakuten|linkshare/i);
    assert.match(stored.attributionLost.networkName, /^Rakuten Advertising/);
    assert.ok(stored.attributionLost.atMs > stored.landedMs);

    // The popup that started the trip follows it to this outcome too.
    await trip.popup.locator("#state.paused").waitFor();
    assert.ok(await trip.popup.locator("#attribution").isVisible());
    await trip.popup.close();
    const popup = await openPopup(context, extensionId, trip.tab);
    assert.match(await popup.locator("#attribution").innerText(), /During your trip, Rakuten Advertising.* referred you to this store/);
    await popup.screenshot({ path: `${ARTIFACTS}popup-attribution-lost.png` });
    const trips = await context.newPage();
    await trips.goto(`chrome-extension://${extensionId}/trips.html`);
    await trips.locator("#trips tr").first().waitFor();
    assert.match(await trips.locator("#trips").innerText(), /During your trip, Rakuten Advertising.* referred you/);
    await trips.screenshot({ path: `${ARTIFACTS}trips-attribution-lost.png`, fullPage: true });
  });
});
