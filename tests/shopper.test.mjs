// What shoppers expect around a trip (issue 4), end to end in Chromium with
// the real extension: the activation prompt, order capture, settings and
// Membership Rewards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import {
  waitForBadge, storedState, shadowText, clickInShadow, askWorker, stopWorker,
  browsersForFile, openTab,
} from "./support/extension.mjs";
import { TEST_NOW } from "./support/clock.mjs";

const file = browsersForFile();
const { withBrowser, trackingHits } = file;

/** The prompt's text once it is there, or null after `ms`. */
async function promptIn(context, page, ms = 1500) {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    const found = await shadowText(context, page, "prompt");
    if (found) return found;
    await page.waitForTimeout(100);
  }
  return null;
}


test("the activation prompt shows once per store, and its Shop Now starts a trip", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const { page, tab } = await openTab(context, extensionId, "https://www.macys.com/shop/coats");
    const prompt = await promptIn(context, page);
    assert.ok(prompt, "the prompt shows on a store");
    assert.match(prompt.text, /Try a demo trip at Macy's/);
    assert.match(prompt.text, /the offer is a sample and nothing is earned/);
    assert.deepEqual(prompt.shadowModes, ["closed"]);
    await page.screenshot({ path: `${ARTIFACTS}prompt.png` });

    // A page script's synthetic clicks do nothing: the host is all it can reach.
    await page.evaluate(() => {
      const host = document.querySelector('[data-shoptrip="prompt"]');
      host.click();
      host.dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true }));
      host.shadowRoot?.querySelector("button")?.click();
    });
    await page.waitForTimeout(300);
    assert.deepEqual((await storedState(context, extensionId)).trips, []);

    await page.goto("https://www.macys.com/shop/shoes");
    assert.equal(await promptIn(context, page, 800), null, "once per store per session");

    const before = trackingHits().length;
    const other = await openTab(context, extensionId, "https://www.nordstrom.com/sale");
    assert.ok(await promptIn(context, other.page));
    await clickInShadow(context, other.page, "prompt", "Shop Now");
    await waitForBadge(context, extensionId, other.tab, (b) => b.text === "ON", "active");
    assert.equal(trackingHits().length, before + 1);
    const { trips } = await storedState(context, extensionId);
    assert.deepEqual(trips.map((t) => t.storeId), ["nordstrom"]);
    assert.match((await shadowText(context, other.page, "confirmation")).text, /Demo trip started at Nordstrom/);
    await waitForBadge(context, extensionId, tab, (b) => b.text === "6%", "macys unchanged");
  });
});

test("no prompt on a muted site, while standing down, or with notifications off", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const muted = await askWorker(context, extensionId, { type: "mute", site: "https://www.kohls.com/" });
    assert.ok(muted.ok, JSON.stringify(muted));
    const kohls = await openTab(context, extensionId, "https://www.kohls.com/catalog");
    await waitForBadge(context, extensionId, kohls.tab, (b) => b.text === "4%", "offer");
    assert.equal(await promptIn(context, kohls.page, 800), null, "muted");

    const nike = await openTab(context, extensionId, "https://www.nike.com/?cjevent=77");
    await waitForBadge(context, extensionId, nike.tab, (b) => b.text === "5%" && b.colour[0] === 107, "paused");
    assert.equal(await promptIn(context, nike.page, 800), null, "standing down");

    // "Don't show on this site" from the prompt itself.
    const target = await openTab(context, extensionId, "https://www.target.com/c/toys");
    assert.ok(await promptIn(context, target.page));
    await clickInShadow(context, target.page, "prompt", "Don't show on this site");
    for (let i = 0; i < 20 && !(await askWorker(context, extensionId, { type: "settings" })).result.muted.includes("target.com"); i++) {
      await target.page.waitForTimeout(100);
    }
    assert.deepEqual((await askWorker(context, extensionId, { type: "settings" })).result.muted, ["kohls.com", "target.com"]);

    assert.ok((await askWorker(context, extensionId, { type: "set-notifications", on: false })).ok);
    const sephora = await openTab(context, extensionId, "https://www.sephora.com/");
    await waitForBadge(context, extensionId, sephora.tab, (b) => b.text === "4%", "offer");
    assert.equal(await promptIn(context, sephora.page, 800), null, "notifications off");
  });
});

test("the order page's subtotal lands on the trip with its estimate", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const { page, tab } = await openTab(context, extensionId, "https://www.macys.com/shop/coats");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "6%", "offer");
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
    await popup.click('button[data-action="shop-now"]');
    await waitForBadge(context, extensionId, tab, (b) => b.text === "ON", "active");
    await page.goto("https://www.macys.com/my-bag/order-confirmation?subtotal=%24120.00");
    let trip;
    for (let i = 0; i < 30; i++) {
      [trip] = (await storedState(context, extensionId)).trips;
      if (trip.order) break;
      await page.waitForTimeout(100);
    }
    assert.equal(trip.status, "ordered");
    assert.equal(trip.order.subtotalMinor, 12000);
    assert.equal(trip.order.source, "page");
    assert.deepEqual(trip.order.estimate, { amountMinor: 720, points: 0, display: "$7.20" });
  });
});

test("choosing Membership Rewards turns estimates into points; the choice is final", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html?welcome=1`);
    await options.getByText("American Express Membership Rewards").click();
    await options.getByText("I have a US American Express card").click();
    await options.getByText("It is enrolled in Membership Rewards").click();
    await options.getByRole("button", { name: "Choose" }).click();
    await assert.doesNotReject(options.getByText("It is not cancelled or past due").isVisible());
    assert.match(await options.locator("#choose-error").innerText(), /must not be cancelled or past due/);
    await options.getByText("It is not cancelled or past due").click();
    await options.getByRole("button", { name: "Choose" }).click();
    await options.locator("#choose").waitFor({ state: "hidden" });
    assert.match(await options.locator("#program").innerText(), /Membership Rewards — chosen for this account/);
    await options.screenshot({ path: `${ARTIFACTS}settings-en.png`, fullPage: true });

    const { page, tab } = await openTab(context, extensionId, "https://www.macys.com/shop/coats");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "6x", "points badge");
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
    await popup.fill("#subtotal", "120.00");
    await assert.doesNotReject(popup.locator("#estimated", { hasText: "720 MR points" }).waitFor());
    const back = await askWorker(context, extensionId, {
      type: "choose-account", program: "cash_back", answers: {},
    });
    assert.equal(back.ok, false);
    assert.match(back.error, /export your trips, then reset/);
    await page.close();
  });
});

/** A stored trip as the core writes it (schema 3). */
function storedTrip(id, storeId, storeName, startedMs, status, order, money = {}) {
  const history = [{ status: "activated", atMs: startedMs }];
  if (order) history.push({ status: "ordered", atMs: order.orderedMs });
  if (status === "pending" || status === "confirmed") history.push({ status: "pending", atMs: order.orderedMs + 86_400_000 });
  if (status === "confirmed") history.push({ status: "confirmed", atMs: order.orderedMs + 40 * 86_400_000 });
  return {
    id, storeId, storeName, startedMs, program: money.program ?? "cash_back", currency: money.currency ?? "USD",
    offer: { kind: "percent", rateBps: 600, upTo: false, text: money.offerText ?? "6% Cash Back" },
    startUrl: `https://www.${storeId}.com/`, status, history,
    ...(order ? { order } : {}),
  };
}

test("the trips page: trips, totals, payout, claim for an old order, exports that parse back", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const day = 86_400_000;
    const now = TEST_NOW; // the worker's clock
    const order = (subtotalMinor, orderedMs, number) => ({
      subtotalMinor, orderNumber: number, orderedMs, source: "page",
      estimate: { amountMinor: Math.round(subtotalMinor * 0.06), points: 0, display: `$${(subtotalMinor * 0.06 / 100).toFixed(2)}` },
    });
    const doc = {
      version: 3,
      trips: [
        storedTrip("a".repeat(32), "macys", "Macy's", now - 45 * day, "confirmed", order(20_000, now - 45 * day, "M-1")),
        storedTrip("b".repeat(32), "target", "Target", now - 10 * day, "ordered", order(12_000, now - 10 * day, "T-77")),
        storedTrip("c".repeat(32), "nike", "Nike", now - day, "activated"),
      ],
      standDowns: [],
      settings: { account: "cash_back", accountChosen: true, region: "US", notifications: true, muted: [] },
    };
    await inWorkerSet(context, extensionId, { "shoptrip.trips": JSON.stringify(doc) });
    await stopWorker(context, extensionId);

    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/trips.html`);
    await page.locator("#trips tr").first().waitFor();
    assert.equal(await page.locator("#trips tr").count(), 3);
    const rows = await page.locator("#trips").innerText();
    assert.match(rows, /Nike[\s\S]*Activated[\s\S]*Target[\s\S]*Ordered[\s\S]*\$120\.00[\s\S]*\$7\.20[\s\S]*Macy's[\s\S]*Confirmed[\s\S]*\$200\.00[\s\S]*\$12\.00/);
    const totals = await page.locator("#totals").innerText();
    assert.match(totals, /Confirmed \(1\)\s*\$12\.00/);
    assert.match(totals, /Ordered \(1\)\s*\$7\.20/);
    assert.match(await page.locator("#payout-line").innerText(), /\$12\.00/);
    assert.equal(await page.locator("#chart svg rect").count() >= 1, true);

    const claim = await page.locator(".claim pre").innerText();
    for (const want of ["Merchant: Target", "Order number: T-77", `Trip id: ${"b".repeat(32)}`, "Order subtotal: $120.00", "An ad or content blocker was on"]) {
      assert.ok(claim.includes(want), `${want} in ${claim}`);
    }
    assert.doesNotMatch(claim, /phone|\(\d{3}\)|\d{3}-\d{3}-\d{4}/i, "no phone numbers");

    await page.selectOption("#filter-status", "ordered");
    assert.equal(await page.locator("#trips tr").count(), 1);
    await page.selectOption("#filter-status", "");
    await page.screenshot({ path: `${ARTIFACTS}trips-en.png`, fullPage: true });

    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
    const exported = JSON.parse(await streamText(json));
    assert.deepEqual(exported.trips.map((t) => t.id), doc.trips.map((t) => t.id));
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    const lines = (await streamText(csv)).trim().split("\r\n");
    assert.equal(lines.length, 4);
    assert.match(lines[2], /^b{32},target,Target,.*,ordered,cash_back,USD,6% Cash Back,120\.00,7\.20,0,T-77,page$/);

    // A typed order on the activated trip.
    await page.getByRole("textbox", { name: "Subtotal — Nike" }).fill("50.00");
    await page.getByRole("textbox", { name: "Order number — Nike" }).fill("N-5");
    await page.getByRole("button", { name: "Add order" }).click();
    await page.locator("#trips", { hasText: "$2.50" }).waitFor();
    const nike = (await storedState(context, extensionId)).trips.find((t) => t.storeId === "nike");
    assert.deepEqual([nike.status, nike.order.subtotalMinor, nike.order.source, nike.order.orderNumber], ["ordered", 5000, "manual", "N-5"]);

    await page.click("#delete");
    await page.click("#delete-confirm");
    await page.locator("#empty").waitFor();
    assert.deepEqual((await storedState(context, extensionId)).trips, []);
  });
});

async function inWorkerSet(context, extensionId, items) {
  const { inWorker } = await import("./support/extension.mjs");
  await inWorker(context, extensionId, (i) => chrome.storage.local.set(i), items);
}

async function streamText(download) {
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

test("in Japanese: the settings and trips pages, store points in yen", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const day = 86_400_000;
    const now = TEST_NOW; // the worker's clock
    const points = { program: "points", currency: "JPY", offerText: "3% ポイント還元" };
    const order = (subtotalMinor, orderedMs) => ({
      subtotalMinor, orderNumber: "R-1", orderedMs, source: "page",
      estimate: { amountMinor: subtotalMinor * 0.03, points: subtotalMinor * 0.03, display: `${subtotalMinor * 0.03} ポイント` },
    });
    const doc = {
      version: 3,
      trips: [
        storedTrip("d".repeat(32), "rakuten-ichiba", "楽天市場", now - 45 * day, "confirmed", order(20_000, now - 45 * day), points),
        storedTrip("e".repeat(32), "yodobashi", "ヨドバシカメラ", now - 9 * day, "ordered", order(12_000, now - 9 * day), points),
      ],
      standDowns: [],
      settings: { account: "cash_back", accountChosen: true, region: "JP", notifications: true, muted: ["example.jp"] },
    };
    await inWorkerSet(context, extensionId, { "shoptrip.trips": JSON.stringify(doc) });
    await stopWorker(context, extensionId);

    const settings = await context.newPage();
    await settings.goto(`chrome-extension://${extensionId}/options.html`);
    await settings.locator("#catalog", { hasText: "JP" }).waitFor();
    assert.equal(await settings.locator("h1").innerText(), "ShopTrip の設定");
    assert.match(await settings.locator("#catalog").innerText(), /16 ストア、地域 JP/);
    await settings.screenshot({ path: `${ARTIFACTS}settings-ja.png`, fullPage: true });

    const trips = await context.newPage();
    await trips.goto(`chrome-extension://${extensionId}/trips.html`);
    await trips.locator("#trips tr").first().waitFor();
    assert.equal(await trips.locator("h1").innerText(), "あなたのトリップ");
    const rows = await trips.locator("#trips").innerText();
    assert.match(rows, /ヨドバシカメラ[\s\S]*注文済み[\s\S]*¥12,000[\s\S]*360 ポイント/);
    assert.match(await trips.locator("#payout-date").innerText(), /\d{4}年\d{1,2}月\d{1,2}日/);
    assert.match(await trips.locator("#totals").innerText(), /確定 \(1\)\s*600 ポイント/);
    await trips.screenshot({ path: `${ARTIFACTS}trips-ja.png`, fullPage: true });
  }, { locale: "ja" });
});

test("a catalog feed: a good one replaces the catalog; broken, wrong-region and unreachable ones leave it, with the error shown", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const setFeed = (url) => askWorker(context, extensionId, { type: "set-feed", url });
    const options = await context.newPage();
    const catalogLine = async () => {
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await options.locator("#catalog", { hasText: "stores" }).waitFor();
      return { catalog: await options.locator("#catalog").innerText(), status: await options.locator("#feed-status").innerText() };
    };

    let reply = await setFeed("https://feeds.shoptrip.test/good.json");
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(reply.result.feedError, undefined);
    let shown = await catalogLine();
    assert.match(shown.catalog, /^2 stores, region US, updated 2026-11-20$/);
    assert.match(shown.status, /Refreshed from the feed/);
    const { page, tab } = await openTab(context, extensionId, "https://www.feedshop.example/");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "7%", "a store only the feed has");
    await page.goto("https://www.macys.com/");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "9%", "the feed's offer");

    for (const [url, why] of [
      ["https://feeds.shoptrip.test/broken.json", /store nameless: name: missing/],
      ["https://feeds.shoptrip.test/jp.json", /for region JP, not US/],
      ["https://unreachable.shoptrip.test/feed.json", /could not be reached/],
      ["https://feeds.shoptrip.test/missing.json", /HTTP 404/],
    ]) {
      reply = await setFeed(url);
      assert.ok(reply.ok);
      assert.match(reply.result.feedError, why, url);
      shown = await catalogLine();
      assert.match(shown.catalog, /^2 stores/, "the catalog in use stays");
      assert.match(shown.status, why);
    }
    await options.screenshot({ path: `${ARTIFACTS}settings-feed-error.png`, fullPage: true });
    await page.goto("https://www.macys.com/shop");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "9%", "still the good feed's catalog");
  });
});

test("search results pages get an offer label beside partner results, and none with notifications off", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const before = file.web.log.length;
    for (const engine of ["www.google.com", "www.bing.com"]) {
      const page = await context.newPage();
      await page.goto(`https://${engine}/search?q=coats`);
      let labels = [];
      for (let i = 0; i < 30 && labels.length < 2; i++) {
        await page.waitForTimeout(100);
        labels = (await shadowTexts(context, page, "label"));
      }
      // The demo's offers are samples: its labels say so.
      assert.deepEqual(labels, ["Demo: Up to 6% Cash Back", "Demo: Up to 3% Cash Back"], engine);
      if (engine === "www.google.com") await page.screenshot({ path: `${ARTIFACTS}search-labels.png` });
      await page.close();
    }
    const sent = file.web.log.slice(before).filter((r) => !(r.path === "/search" && r.dest === "document"));
    assert.deepEqual(sent.filter((r) => !r.path.endsWith("favicon.ico")), [], "nothing about the search left the browser");

    assert.ok((await askWorker(context, extensionId, { type: "set-notifications", on: false })).ok);
    const quiet = await context.newPage();
    await quiet.goto("https://www.google.com/search?q=coats");
    await quiet.waitForTimeout(800);
    assert.equal(await quiet.locator('[data-shoptrip="label"]').count(), 0);
  });
});

/** The texts of every `[data-shoptrip=kind]` host, through their closed shadow roots. */
async function shadowTexts(context, page, kind) {
  const cdp = await context.newCDPSession(page);
  const { root } = await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
  await cdp.detach();
  const texts = [];
  const walk = (node, inHost) => {
    const attrs = node.attributes ?? [];
    let host = inHost;
    for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === "data-shoptrip" && attrs[i + 1] === kind) host = [];
    if (host && node.nodeType === 3) host.push(node.nodeValue);
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
      walk(child, node.nodeName === "STYLE" ? null : host);
    }
    if (host && host !== inHost) texts.push(host.join("").trim());
  };
  walk(root, null);
  return texts;
}

test("switching the region swaps the catalog and the program", async () => {
  await withBrowser(async ({ context, extensionId }) => {
    const reply = await askWorker(context, extensionId, { type: "set-region", region: "JP" });
    assert.equal(reply.result.program, "points");
    const { page, tab } = await openTab(context, extensionId, "https://www.yodobashi.com/");
    const jp = await waitForBadge(context, extensionId, tab, (b) => b.text !== "", "a Japanese store");
    assert.match(jp.title, /ヨドバシ|Yodobashi/);
    await page.goto("https://www.macys.com/");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "", "not in the Japanese catalog");
    assert.equal((await askWorker(context, extensionId, { type: "set-region", region: "US" })).result.program, "cash_back");
    await page.goto("https://www.macys.com/shop");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "6%", "back in the US");
  });
});
