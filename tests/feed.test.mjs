// A catalog feed that tries to turn the refresh against the shopper: one
// that sends its headers and never ends, one that trickles a byte at a time,
// one too large with and without a Content-Length. Each time: the settings
// save gets an answer with a clear message, the check counts as the day's
// one fetch (a restarted worker does not fetch again, so the feed host does
// not learn of every wake-up), and the core's wasm memory does not grow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import { browsersForFile, askWorker, inWorker, stopWorker, openTab, waitForBadge } from "./support/extension.mjs";

const file = browsersForFile();
const MB = 1024 * 1024;
const feedHits = (path) => file.web.log.filter((r) => r.host === "feeds.shoptrip.test" && r.path === path).length;

async function hostileFeed(path, why, shot) {
  await file.withBrowser(async ({ context, extensionId }) => {
    const memory = () => inWorker(context, extensionId, () => globalThis.shoptrip.wasmMemoryBytes());
    const before = await memory();
    const hits = feedHits(path);
    const started = Date.now();
    const reply = await askWorker(context, extensionId, { type: "set-feed", url: `https://feeds.shoptrip.test${path}` });
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.match(reply.result.feedError, why);
    assert.ok(Date.now() - started < 45_000, "the save was answered");
    assert.ok(await memory() - before < 2 * MB, `wasm memory grew from ${before} to ${await memory()}`);

    // Ordinary wake-ups: the worker stopped, then a page; no second fetch.
    for (let i = 0; i < 3; i++) {
      await stopWorker(context, extensionId);
      const { page, tab } = await openTab(context, extensionId, `https://www.macys.com/shop/${i}`);
      await waitForBadge(context, extensionId, tab, (b) => b.text === "6%", "the offer");
      await page.close();
    }
    assert.equal(feedHits(path) - hits, 1, "one fetch a day");

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.locator("#feed-status", { hasText: "feed" }).waitFor();
    assert.match(await options.locator("#feed-status").innerText(), why);
    await options.screenshot({ path: `${ARTIFACTS}feed-${shot}.png`, fullPage: true });
    // The catalog in use is still the one that was there.
    assert.match(await options.locator("#catalog").innerText(), /^187 stores, region US/);
  });
}

test("a feed whose body never ends: given up after 30 seconds, fetched once", async () => {
  await hostileFeed("/hang.json", /did not arrive within 30 seconds/, "hang");
});

test("a feed that trickles a byte at a time: given up after 30 seconds, fetched once", async () => {
  await hostileFeed("/trickle.json", /did not arrive within 30 seconds/, "trickle");
});

test("a feed that says it is 80 MB: refused by its length, fetched once", async () => {
  await hostileFeed("/huge-length.json", /the feed is 83886080 bytes; the limit is 16 MB/, "huge-length");
});

test("a feed of 20 MB with no length given: cut off at the limit, fetched once", async () => {
  await hostileFeed("/huge-stream.json", /the feed is larger than the limit of 16 MB/, "huge-stream");
});

test("a worker stopped while a feed hangs: the next wake-up does not fetch it again", async () => {
  await file.withBrowser(async ({ context, extensionId }) => {
    const hits = feedHits("/hang.json");
    // The save is not awaited: the worker is stopped in the middle of the fetch.
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.evaluate(() => { chrome.runtime.sendMessage({ type: "set-feed", url: "https://feeds.shoptrip.test/hang.json" }); });
    for (let i = 0; i < 50 && feedHits("/hang.json") === hits; i++) await page.waitForTimeout(100);
    assert.equal(feedHits("/hang.json") - hits, 1);
    await page.close();
    await stopWorker(context, extensionId);
    for (let i = 0; i < 3; i++) {
      const { tab } = await openTab(context, extensionId, `https://www.target.com/c/${i}`);
      await waitForBadge(context, extensionId, tab, (b) => b.text === "1.5%", "the offer");
      await stopWorker(context, extensionId);
    }
    assert.equal(feedHits("/hang.json") - hits, 1, "still the one fetch");
    const settings = await askWorker(context, extensionId, { type: "settings" });
    assert.match(settings.result.feedError, /did not finish/);
  });
});

test("a feed naming public suffixes as store domains is refused, and the catalog in use stays", async () => {
  await file.withBrowser(async ({ context, extensionId }) => {
    const reply = await askWorker(context, extensionId, { type: "set-feed", url: "https://feeds.shoptrip.test/suffix.json" });
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.match(reply.result.feedError, /store everyone: domains\[0\]: "co\.uk" is a public suffix/);
    assert.match(reply.result.feedError, /store pages: domains\[0\]: "github\.io" is a public suffix/);
    assert.doesNotMatch(reply.result.feedError, /example-shop/);
    const bbc = await openTab(context, extensionId, "https://www.bbc.co.uk/news");
    const macys = await openTab(context, extensionId, "https://www.macys.com/");
    await waitForBadge(context, extensionId, macys.tab, (b) => b.text === "6%", "the catalog in use");
    await waitForBadge(context, extensionId, bbc.tab, (b) => b.text === "", "no badge under co.uk");
  });
});

/** Sends `message` from the settings page without waiting for its answer. */
async function sendFromSettings(context, extensionId, message) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const answer = page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  return { answer, page };
}

for (const [what, change] of [
  ["cleared", { type: "set-feed", url: null }],
  ["deleted with all data", { type: "reset" }],
]) {
  test(`a feed ${what} while its fetch is under way is not used, now or after a restart`, async () => {
    await file.withBrowser(async ({ context, extensionId }) => {
      const hits = feedHits("/slow.json");
      // The feed answers after 3 s; the shopper changes their mind 0.8 s in.
      const slow = await sendFromSettings(context, extensionId, { type: "set-feed", url: "https://feeds.shoptrip.test/slow.json" });
      for (let i = 0; i < 50 && feedHits("/slow.json") === hits; i++) await slow.page.waitForTimeout(50);
      assert.equal(feedHits("/slow.json") - hits, 1, "the fetch is under way");
      await slow.page.waitForTimeout(800);
      const changed = await askWorker(context, extensionId, change);
      assert.ok(changed.ok, JSON.stringify(changed));
      assert.ok((await slow.answer).ok);
      await slow.page.waitForTimeout(500);
      const check = async (when) => {
        const options = await askWorker(context, extensionId, { type: "options" });
        assert.equal(options.result.storeCount, 187, `${when}: the shipped catalog, not the feed's 2 stores`);
        const settings = await askWorker(context, extensionId, { type: "settings" });
        assert.equal(settings.result.feedUrl ?? null, null, `${when}: no feed configured`);
        const { page, tab } = await openTab(context, extensionId, "https://www.macys.com/shop/after-change");
        await waitForBadge(context, extensionId, tab, (b) => b.text === "6%", `${when}: the shipped 6%, not the feed's 9%`);
        await page.close();
      };
      await check("at once");
      await stopWorker(context, extensionId);
      await check("after a restart");
      await slow.page.close();
    });
  });
}

test("a feed catalog cached before the public-suffix check is checked when it is parsed", async () => {
  await file.withBrowser(async ({ context, extensionId }) => {
    // As an older ShopTrip left it: a catalog naming co.uk as a store's
    // domain, in the cache with no snapshot beside it.
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.evaluate(async () => {
      const catalog = { schema: 1, region: "US", currency: "USD", stores: [
        { id: "everyone", name: "Everyone", domains: ["co.uk"], offer: { kind: "percent", rate: "5" } },
        { id: "macys", name: "Macy's", domains: ["macys.com"], offer: { kind: "percent", rate: "9" } }] };
      const cache = await caches.open("shoptrip-catalog");
      await cache.delete("https://catalog.shoptrip.invalid/feed.snapshot");
      await cache.put("https://catalog.shoptrip.invalid/feed.json", new Response(JSON.stringify(catalog)));
    });
    await page.close();
    await stopWorker(context, extensionId);
    const bbc = await openTab(context, extensionId, "https://www.bbc.co.uk/news");
    const macys = await openTab(context, extensionId, "https://www.macys.com/");
    await waitForBadge(context, extensionId, macys.tab, (b) => b.text === "6%", "the shipped 6%, not the cached 9%");
    await waitForBadge(context, extensionId, bbc.tab, (b) => b.text === "", "no badge under co.uk");
    const options = await askWorker(context, extensionId, { type: "options" });
    assert.equal(options.result.storeCount, 187);
    assert.ok(options.result.problems.some((p) => /stored catalog was not used.*"co\.uk" is a public suffix/s.test(p)),
      JSON.stringify(options.result.problems));
  });
});
