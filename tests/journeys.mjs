// The shopper's journeys, written once and run in Chromium
// (journeys-chromium.test.mjs) and in Firefox (journeys-firefox.test.mjs),
// each through a small driver (support/chromium.mjs, support/firefox.mjs)
// against the same test server and fixture catalogs. A journey with
// `publisher` runs on the fixture publisher's branded build (its own
// catalogs), unzipped as the package build makes it; `locale` sets the
// browser's language. The rest run on the demo.
import assert from "node:assert/strict";

const OFFER = [11, 122, 117, 255];
const WARNING = [179, 38, 30, 255];
const PAUSED = [107, 107, 107, 255];

/** Polls the tab's badge until `ok` (the worker works asynchronously). */
export async function waitForBadge(d, tab, ok, what) {
  let last;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await d.wait(50)) {
    last = await d.badge(tab);
    if (ok(last)) return last;
  }
  throw new Error(`${d.name}: badge of tab ${tab} never became ${what}; last ${JSON.stringify(last)}`);
}

async function waitForShadow(d, page, kind, ms = 15_000) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await d.wait(100)) {
    const found = await d.shadowText(page, kind).catch(() => null);
    if (found) return found;
  }
  throw new Error(`${d.name}: no ${kind} in ${await d.url(page)}`);
}

const badgeIs = (text, colour) => (b) => b.text === text && (!colour || String(b.colour) === String(colour));

// Run in an extension page: the worker's origin, so its Cache API.
/** SHA-256 of the feed's engine snapshot as the worker stored it, or null. */
async function storedSnapshotDigest() {
  const cache = await caches.open("shoptrip-catalog");
  const hit = await cache.match("https://catalog.shoptrip.invalid/feed.snapshot");
  if (!hit) return null;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await hit.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Damages the stored snapshot as `kind` says. */
async function damageStoredSnapshot(kind) {
  const cache = await caches.open("shoptrip-catalog");
  const key = "https://catalog.shoptrip.invalid/feed.snapshot";
  let bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
  if (kind === "corrupted") bytes[bytes.length >> 1] ^= 0xff;
  if (kind === "truncated") bytes = bytes.slice(0, bytes.length >> 1);
  // A whole snapshot, but of the shipped catalog, not of the feed's.
  if (kind === "for another catalog") bytes = new Uint8Array(await (await fetch("/catalogs/us.snapshot")).arrayBuffer());
  if (kind === "missing" || kind === "left by an older ShopTrip") {
    await cache.delete(key);
    // An older ShopTrip kept the catalog with no hash beside it.
    if (kind === "left by an older ShopTrip") {
      const catalog = "https://catalog.shoptrip.invalid/feed.json";
      await cache.put(catalog, new Response(await (await cache.match(catalog)).text()));
    }
    return;
  }
  await cache.put(key, new Response(bytes));
}

/** The fixture publisher's profile: "Example Rewards". */
export const PUBLISHER = new URL("fixtures/publisher/publisher.json", import.meta.url).pathname;

/** A publisher's build: its name and colour, its link, its words, in `lang`. */
function publisherJourney(lang) {
  const words = {
    en: { confirmed: /You're ready to shop at Macy's — 4% Cash Back from Example Rewards is active/,
      disclosure: /Example Rewards earns money from stores/, shopNow: "Shop Now" },
    ja: { confirmed: /Macy's でお買い物の準備ができました — Example Rewards の .* が有効です/,
      disclosure: /Example Rewards はストアから収益を得ています/, shopNow: "今すぐ買い物" },
  }[lang];
  return {
    name: `a publisher's package (${lang}): its name and colour, its tracking link with the trip id, its words in the confirmation and the disclosure`,
    publisher: true,
    locale: lang,
    async run(d, web) {
      const { page, tab } = await d.open("https://www.macys.com/shop/coats");
      await waitForBadge(d, tab, badgeIs("4%"), "the publisher's 4%, not the demo's 6%");
      const popup = await d.popup(tab);
      assert.equal(await d.text(popup, ".brand"), "Example Rewards");
      assert.equal(await d.count(popup, '[data-shoptrip="demo"]:not([hidden])'), 0, "no demo notice");
      assert.equal(await d.text(popup, 'button[data-action="shop-now"]'), words.shopNow);
      assert.equal(await d.style(popup, 'button[data-action="shop-now"]', "background-color"), "rgb(91, 42, 134)");
      await d.screenshot(popup, `publisher-popup-${lang}`);
      const before = web.log.length;
      await d.click(popup, 'button[data-action="shop-now"]');
      await waitForBadge(d, tab, badgeIs("ON"), "active");
      const inside = await waitForShadow(d, page, "confirmation");
      assert.match(inside.text, words.confirmed);
      const [trip] = (await d.stored()).trips;
      const hits = web.log.slice(before).filter((r) => r.host === "go.example-rewards.test");
      assert.equal(hits.length, 1, "one click on the publisher's tracking link");
      assert.equal(new URLSearchParams(hits[0].search).get("trip"), trip.id);
      assert.equal(new URLSearchParams(hits[0].search).get("m"), "macys");
      assert.ok(web.publisher.clicks.includes(trip.id), "the publisher's click server saw the trip id");
      await d.screenshot(page, `publisher-confirmation-${lang}`);
      const settings = await d.extensionPage("options.html");
      await d.waitFor(settings, "#how-paid p[data-publisher-only]:not([hidden])");
      assert.match(await d.text(settings, "#how-paid"), words.disclosure);
      assert.equal(await d.count(settings, '#feed-form:not([hidden]), [data-shoptrip="demo"]:not([hidden])'), 0,
        "no feed field and no demo notice in a publisher's build");
      assert.doesNotMatch(await d.text(settings, "body"), /ShopTrip/);
      assert.equal(await d.style(settings, 'a[data-publisher-link="support"]', "display") !== "none", true);
      assert.equal(await settings.evaluate(() => document.querySelector('a[data-publisher-link="support"]').href),
        "https://rewards.example-rewards.test/help/missing-cash-back", "the support link is the publisher's");
      await d.screenshot(settings, `publisher-settings-${lang}`);
      // Its catalog feed is the profile's, fetched by the worker.
      assert.ok(web.log.some((r) => r.host === "feeds.example-rewards.test" && r.path === "/us.json"));
    },
  };
}

/** Polls `read()` until `ok` holds for its answer; the last answer, or an Error saying `what`. */
async function until(d, read, ok, what, ms = 15_000) {
  let last;
  for (const deadline = Date.now() + ms; Date.now() < deadline; await d.wait(100)) {
    last = await read().catch((e) => `(${e.message})`);
    if (ok(last)) return last;
  }
  throw new Error(`${d.name}: never ${what}; last ${JSON.stringify(last)}`);
}

// Run in an extension page: the worker's origin, so its IndexedDB.
/** The tokens the worker keeps, or null. */
async function storedTokens() {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("shoptrip-account", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("tokens");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction("tokens").objectStore("tokens").get("tokens");
      request.onsuccess = () => resolve(request.result ?? null);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** Everything the extension keeps in storage.local, as text. */
async function storageText() {
  return JSON.stringify(await chrome.storage.local.get(null));
}

/** Lookalike stores (SPEC.md): warned in the page, the badge and the popup; never on the real store or a well-known site. */
const lookalikeJourney = {
  name: "a lookalike store: the warning in the page, the ! badge and the real domain in the popup; Go to lands on the store; I trust this site silences it, after a restart too",
  async run(d) {
    for (const [url, kind] of [["https://www.rnacys.com/sale", "homoglyph"], ["https://macys.com.sale-today.shop/coats", "embedding"]]) {
      const { page, tab } = await d.open(url);
      await waitForBadge(d, tab, badgeIs("!", WARNING), `the warning badge on a ${kind}`);
      const inside = await waitForShadow(d, page, "lookalike");
      assert.match(inside.text, /This is not Macy's/, kind);
      assert.match(inside.text, /The real Macy's site is macys\.com/, kind);
      assert.match(inside.text, /Go to macys\.com/, kind);
      assert.deepEqual(inside.shadowModes, ["closed"]);
      const popup = await d.popup(tab);
      assert.equal(await d.text(popup, "#lookalike-text"), "This is not Macy's. The real Macy's site is macys.com.");
      assert.equal(await d.count(popup, "#store:not([hidden])"), 0, "no offer and no Shop Now on a lookalike");
      await d.screenshot(page, `lookalike-${kind}-page`);
      await d.screenshot(popup, `lookalike-${kind}-popup`);
      if (kind === "homoglyph") {
        // "Go to macys.com": the tab lands on the real store, with its offer.
        await d.click(popup, "#lookalike-go").catch(() => {}); // the popup closes itself
        await until(d, () => d.url(page), (u) => u === "https://macys.com/", "on the real store");
        await waitForBadge(d, tab, badgeIs("6%", OFFER), "the real store's offer");
        // Once per site per browser session in the page; the badge says it every time.
        const again = await d.open("https://www.rnacys.com/other");
        await waitForBadge(d, again.tab, badgeIs("!", WARNING), "the badge on a second visit");
        await d.wait(1000);
        assert.equal(await d.count(again.page, '[data-shoptrip="lookalike"]'), 0, "the page warning showed once");
      } else {
        await d.click(popup, "#lookalike-trust").catch(() => {});
        await waitForBadge(d, tab, (b) => b.text === "", "no warning on a trusted site");
      }
    }
    // Trusted survives a restart of the background.
    await d.restart();
    const trusted = await d.open("https://macys.com.sale-today.shop/after-restart");
    await d.wait(1500);
    assert.equal((await d.badge(trusted.tab)).text, "", "trusted after the restart");
    assert.equal(await d.count(trusted.page, "[data-shoptrip]"), 0);
    const settings = await d.extensionPage("options.html");
    await d.waitFor(settings, '#trusted li[data-site="macys.com.sale-today.shop"]');
    await d.screenshot(settings, "lookalike-trusted-settings");
    // The real store and a well-known site: nothing of it.
    const real = await d.open("https://www.macys.com/shop/real");
    await waitForBadge(d, real.tab, badgeIs("6%", OFFER), "the real store");
    const known = await d.open("https://en.wikipedia.org/wiki/Department_store");
    await d.wait(1500);
    assert.equal((await d.badge(known.tab)).text, "", "no warning on a well-known site");
    for (const { page } of [real, known]) assert.equal(await d.count(page, '[data-shoptrip="lookalike"]'), 0);
  },
};

/** The fixture publisher's build with a member who links their account (PUBLISHER.md). */
const accountJourney = {
  name: "a linked account: sign-in with PKCE, the trip id at the click server, pending then confirmed, a reversal, sign-out revokes",
  publisher: true,
  locale: "en",
  async run(d, web) {
    const publisher = web.publisher;
    const start = web.log.length;
    const settings = await d.extensionPage("options.html");
    const link = '[data-action="link-account"]:not([hidden])';
    await d.waitFor(settings, link);
    assert.match(await d.text(settings, "#account-state"), /^Not linked\. Link your Example Rewards account/);
    assert.match(await d.text(settings, "#account-sent"), /each trip's id, store and start time, nothing else/);
    await d.screenshot(settings, "account-signed-out");

    // The sign-in, on the publisher's own page, in the browser's sign-in window.
    const signIn = await d.signInWindow(() => d.click(settings, link));
    await d.fill(signIn, "#username", "member@example.test");
    await d.fill(signIn, "#password", "correct horse battery staple");
    await d.click(signIn, "#sign-in").catch(() => {}); // the window closes as it redirects
    await until(d, () => d.text(settings, "#account-state"), (t) => /^Linked to Example Rewards since/.test(t), "linked");
    const tokens = await d.inExtension(storedTokens);
    assert.ok(tokens?.access && tokens?.refresh, "the tokens are kept in the worker's IndexedDB");
    assert.doesNotMatch(await d.inExtension(storageText), new RegExp(`${tokens.access}|${tokens.refresh}`),
      "never in storage.local, which exports copy");
    assert.equal(publisher.asked.length, 1, "one report asked right after linking");

    // Shop Now: the publisher's click server sees the trip id.
    const { tab } = await d.open("https://www.macys.com/shop/coats");
    await waitForBadge(d, tab, badgeIs("4%"), "the publisher's 4%");
    const popup = await d.popup(tab);
    await d.click(popup, 'button[data-action="shop-now"]');
    await waitForBadge(d, tab, badgeIs("ON"), "active");
    const [trip] = (await d.stored()).trips;
    assert.ok(publisher.clicks.includes(trip.id), "the click server saw the trip id");

    // The publisher reports a purchase: the trips page asks as it opens.
    publisher.report(trip.id, { status: "pending", orderedAt: "2030-06-15T12:30:00Z", orderMinor: 12_000, rewardMinor: 480 });
    const trips = await d.extensionPage("trips.html");
    const row = `tr[data-trip="${trip.id}"]`;
    await until(d, () => trips.evaluate((sel) => document.querySelector(sel)?.dataset.status, row), (s) => s === "pending", "pending");
    assert.equal(publisher.asked.length, 2, "asked when the trips page opened");
    assert.deepEqual(publisher.asked[1].trips, [{ id: trip.id, store: "macys", startedAt: publisher.asked[1].trips[0].startedAt }]);
    assert.match(publisher.asked[1].trips[0].startedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // Confirmed, with the publisher's own amount and the balance: Refresh.
    publisher.report(trip.id, { status: "confirmed", orderedAt: "2030-06-15T12:30:00Z", orderMinor: 12_000, rewardMinor: 520 });
    publisher.setBalance({ pendingMinor: 0, confirmedMinor: 520, paidMinor: 1500 }, [{ date: "2030-06-01", amountMinor: 1500 }]);
    await d.click(trips, '[data-action="refresh-reports"]');
    await until(d, () => trips.evaluate((sel) => document.querySelector(sel)?.dataset.status, row), (s) => s === "confirmed", "confirmed");
    assert.match(await d.text(trips, row), /Confirmed[\s\S]*\$120\.00[\s\S]*\$5\.20[\s\S]*as Example Rewards reported/);
    assert.match(await d.text(trips, "#ledger-card"), /Confirmed\s+\$5\.20[\s\S]*Paid\s+\$15\.00/);
    await d.screenshot(trips, "account-trips-confirmed");

    // A reversal: the order was returned.
    publisher.report(trip.id, { status: "ineligible", reason: "Order returned" });
    await d.click(trips, '[data-action="refresh-reports"]');
    await until(d, () => trips.evaluate((sel) => document.querySelector(sel)?.dataset.status, row), (s) => s === "ineligible", "ineligible");
    assert.match(await d.text(trips, row), /Ineligible[\s\S]*Example Rewards: Order returned/);
    await d.screenshot(trips, "account-trips-reversal");
    assert.equal(publisher.asked.length, 4, "asked on the two Refresh clicks");

    // The settings: linked, with the last report.
    const again = await d.extensionPage("options.html");
    await d.waitFor(again, '[data-action="sign-out"]:not([hidden])');
    assert.match(await d.text(again, "#account-report"), /Last report from Example Rewards: .*Trips updated: 1\./);
    await d.screenshot(again, "account-linked");

    // Sign out: both tokens revoked at the publisher, and gone from the device.
    await d.click(again, '[data-action="sign-out"]');
    await until(d, () => d.text(again, "#account-state"), (t) => /^Not linked/.test(t), "signed out");
    const revoked = publisher.revoked.map((r) => r.token);
    assert.ok(revoked.includes(tokens.refresh), "the refresh token is revoked");
    assert.equal(publisher.tokensLive(), false, "no token of the sign-in still works");
    assert.equal(await d.inExtension(storedTokens), null);
    assert.equal(publisher.asked.length, 4);

    // The network: the pages the shopper opened, the tracking click, and the
    // publisher's hosts on those triggers only, never with a page's URL.
    const visited = new Set(["www.macys.com"]);
    const others = web.log.slice(start).filter((r) => !visited.has(r.host) && !r.host.endsWith(".example-rewards.test"));
    assert.deepEqual(others.map((r) => r.host), [], "no request to anyone else");
    for (const body of publisher.asked) {
      assert.deepEqual(Object.keys(body).sort(), ["schema", "trips"]);
      for (const t of body.trips) assert.deepEqual(Object.keys(t).sort(), ["id", "startedAt", "store"]);
      assert.doesNotMatch(JSON.stringify(body), /macys\.com|https?:/, "no URL in a report request");
    }
  },
};

export const journeys = [
  {
    name: "a store page shows the offer on the badge; other pages show none, and a lookalike the warning, never the offer",
    async run(d) {
      const { page, tab } = await d.open("https://www.macys.com/shop/coats");
      await waitForBadge(d, tab, badgeIs("6%", OFFER), "6%");
      await d.screenshot(page, "store");
      await d.goto(page, "https://www.example.org/news");
      await waitForBadge(d, tab, badgeIs(""), "cleared");
      await d.goto(page, "https://macys.com.evil.example/shop");
      await d.wait(300);
      await waitForBadge(d, tab, badgeIs("!", WARNING), "the warning, not the offer, on a lookalike");
      await d.goto(page, "https://m.macys.com/bag");
      await waitForBadge(d, tab, badgeIs("6%", OFFER), "6% again");
    },
  },
  {
    name: "Shop Now goes through the tracking link, confirms in the page and shows the trip on the badge",
    async run(d, web) {
      const { page, tab } = await d.open("https://www.macys.com/shop/coats?id=42");
      await waitForBadge(d, tab, badgeIs("6%"), "6%");
      const popup = await d.popup(tab);
      assert.equal(await d.text(popup, "#store-name"), "Macy's");
      // The demo says so where the offer is shown, and Shop Now reads as a demo.
      assert.match(await d.text(popup, '[data-shoptrip="demo"]'), /Demo: these offers are samples and nothing is earned/);
      assert.equal(await d.text(popup, 'button[data-action="shop-now"]'), "Shop Now (demo)");
      await d.screenshot(popup, "popup-demo");
      const before = web.log.filter((r) => r.host === "go.shoptrip.example").length;
      await d.click(popup, 'button[data-action="shop-now"]');
      await waitForBadge(d, tab, badgeIs("ON"), "active");
      const inside = await waitForShadow(d, page, "confirmation");
      // The demo build: the trip is whole, its words say nothing is earned.
      assert.match(inside.text, /Demo trip started at Macy's: nothing is earned in the demo/);
      assert.doesNotMatch(inside.text, /is active/);
      assert.deepEqual(inside.shadowModes, ["closed"]);
      const hits = web.log.filter((r) => r.host === "go.shoptrip.example").slice(before);
      const [trip] = (await d.stored()).trips;
      assert.equal(hits.length, 1, "one request to the tracking link");
      assert.equal(new URLSearchParams(hits[0].search).get("trip"), trip.id);
      assert.equal(await d.url(page), "https://www.macys.com/shop/coats?id=42", "back on the page it started from");
      assert.ok(trip.landedMs > 0);
      await d.screenshot(page, "confirmation");
      // Every other surface of the demo: the popup on the trip, the trips
      // page, the settings' disclosure. None claims a reward is active.
      const after = await d.popup(tab);
      assert.match(await d.text(after, "#state"), /Your demo trip is on\. Nothing is earned in the demo/);
      const trips = await d.extensionPage("trips.html");
      await d.waitFor(trips, '[data-trip]');
      assert.match(await d.text(trips, 'main > p[data-shoptrip="demo"]'), /Demo: these trips were started in the demo/);
      await d.screenshot(trips, "trips-demo");
      const settings = await d.extensionPage("options.html");
      await d.waitFor(settings, '#how-paid [data-shoptrip="demo"]:not([hidden])');
      assert.match(await d.text(settings, "#how-paid"), /No rewards program is connected: ShopTrip runs as a demo/);
      assert.doesNotMatch(await d.text(settings, "#how-paid"), /earns money from stores/);
      await d.screenshot(settings, "settings-demo");
      for (const surface of [after, trips, settings]) {
        assert.doesNotMatch(await d.text(surface, "body"), /is active/);
      }
    },
  },
  {
    name: "a tracking link that answers 503 brings the shopper back with a notice",
    async run(d) {
      const start = "https://www.status-shop.example/cart";
      const { page, tab } = await d.open(start);
      await waitForBadge(d, tab, badgeIs("4%"), "4%");
      const popup = await d.popup(tab);
      await d.click(popup, 'button[data-action="shop-now"]');
      const notice = await waitForShadow(d, page, "tracking-failed");
      assert.equal(await d.url(page), start);
      assert.match(notice.text, /couldn't reach the tracking link for Status Supply — it answered with an error \(HTTP 503\)/);
      assert.match(notice.text, /Cash back may not be recorded/);
      // Where the browser cannot tell the notice is visible, Try again is in the popup only.
      assert.match(notice.text, d.canTellVisibility ? /Try again/ : /Open ShopTrip from the toolbar to try again/);
      assert.deepEqual(notice.shadowModes, ["closed"]);
      await waitForBadge(d, tab, badgeIs("4%"), "the offer, not ON");
      const trip = (await d.stored()).trips.at(-1);
      assert.deepEqual([trip.trackingFailure.reason, trip.trackingFailure.status], ["http", 503]);
      await d.screenshot(page, "tracking-failed");
    },
  },
  {
    name: "another affiliate's landing parameter or click host pauses ShopTrip",
    async run(d, web) {
      const before = web.log.filter((r) => r.host === "go.shoptrip.example").length;
      const cj = await d.open("https://www.macys.com/?cjevent=abc123");
      await waitForBadge(d, cj.tab, badgeIs("6%", PAUSED), "paused (landing parameter)");
      const rakuten = await d.open(
        `https://click.linksynergy.com/deeplink?id=pub&mid=1&murl=${encodeURIComponent("https://www.nordstrom.com/sale")}`);
      assert.match(await d.url(rakuten.page), /^https:\/\/www\.nordstrom\.com\/sale\?ranMID=/);
      await waitForBadge(d, rakuten.tab, badgeIs("3%", PAUSED), "paused (click host)");
      const quiet = await d.open(`https://www.anrdoezrs.net/click-1-2?url=${encodeURIComponent("https://www.bestbuy.com/tv")}`);
      await waitForBadge(d, quiet.tab, badgeIs("1%", PAUSED), "paused (redirect chain)");
      await d.goto(cj.page, "https://www.macys.com/shop/shoes");
      await d.wait(300);
      await waitForBadge(d, cj.tab, badgeIs("6%", PAUSED), "still paused on the next page");
      for (const { page } of [cj, rakuten, quiet]) {
        assert.equal(await d.count(page, "[data-shoptrip]"), 0, "no prompt, no confirmation");
      }
      assert.equal(web.log.filter((r) => r.host === "go.shoptrip.example").length, before, "no tracking request");
      assert.deepEqual((await d.stored()).trips, []);
      const popup = await d.popup(cj.tab);
      assert.match(await d.text(popup, "#state"), /Paused: Commission Junction.*CJ event tracking parameter.*until/s);
      await d.screenshot(popup, "popup-paused");
    },
  },
  {
    name: "ShopTrip's own link is known by its trip: a publisher's link on each network's click host lands active; other clicks on the same hosts pause",
    async run(d, web) {
      const enc = encodeURIComponent;
      // The fixture catalog's publisher (SHOPTRIPPUB) links on the networks' hosts.
      const networks = [
        { store: "rei", page: "https://www.rei.com/c/camping", badge: "3%", host: "click.linksynergy.com",
          tripParam: "u1", landing: /ranSiteID=SHOPTRIPPUB-/,
          theirs: `https://click.linksynergy.com/deeplink?id=OTHERPUB&mid=3184&murl=${enc("https://www.rei.com/c/hiking")}` },
        { store: "kohls", page: "https://www.kohls.com/catalog/bedding", badge: "4%", host: "www.anrdoezrs.net",
          tripParam: "sid", landing: /\/catalog\/bedding$/,
          theirs: `https://www.anrdoezrs.net/click-999111-13511711?url=${enc("https://www.kohls.com/catalog/bath")}` },
        { store: "chewy", page: "https://www.chewy.com/b/dog-food", badge: "$15", host: "chewy.pxf.io",
          tripParam: "subId1", landing: /irclickid=/,
          theirs: `https://chewy.pxf.io/c/7700222/1234/5678?u=${enc("https://www.chewy.com/b/cat")}` },
        { store: "zappos", page: "https://www.zappos.com/running", badge: "3%", host: "www.awin1.com",
          tripParam: "clickref", landing: /awc=2041_/,
          theirs: `https://www.awin1.com/cread.php?awinmid=2041&awinaffid=999222&ued=${enc("https://www.zappos.com/hiking")}` },
      ];
      const trips = {};
      for (const n of networks) {
        const { page, tab } = await d.open(n.page);
        await waitForBadge(d, tab, badgeIs(n.badge, OFFER), `${n.store}: the offer`);
        const popup = await d.popup(tab);
        const before = web.log.length;
        await d.click(popup, 'button[data-action="shop-now"]');
        await waitForBadge(d, tab, badgeIs("ON"), `${n.store}: active through its network's host`);
        const inside = await waitForShadow(d, page, "confirmation");
        assert.match(inside.text, /Demo trip started at /);
        const trip = (await d.stored()).trips.find((t) => t.storeId === n.store);
        const hits = web.log.slice(before).filter((r) => r.host === n.host);
        assert.equal(hits.length, 1, `${n.store}: one click on ${n.host}`);
        assert.equal(new URLSearchParams(hits[0].search).get(n.tripParam), trip.id, `${n.store}: the click carries the trip`);
        assert.match(await d.url(page), n.landing, `${n.store}: the network's own landing`);
        assert.ok(trip.landedMs > 0);
        assert.equal(trip.attributionLost, undefined);
        if (n.store === "chewy") await d.screenshot(page, "own-network-link-confirmed");
        trips[n.store] = { trip, page, tab };
      }
      assert.deepEqual((await d.stored()).standDowns, [], "no stand-down for our own chains");

      // Our own link opened a second time, in another tab: not ours. (The
      // trip's tab goes first, so that one tab shows the landing.)
      await trips.rei.page.close();
      const again = await d.open(trips.rei.trip.sentTo);
      await waitForBadge(d, again.tab, badgeIs("3%", PAUSED), "rei: our link again in another tab");

      // Another publisher's click on each of the same hosts.
      const others = [again.page];
      for (const n of networks.slice(1)) {
        const other = await d.open(n.theirs);
        await waitForBadge(d, other.tab, badgeIs(n.badge, PAUSED), `${n.store}: another publisher's click`);
        others.push(other.page);
      }
      await d.wait(800);
      const stored = await d.stored();
      for (const n of networks) {
        const trip = stored.trips.find((t) => t.id === trips[n.store].trip.id);
        assert.ok(trip.attributionLost, `${n.store}: attribution lost written on the trip`);
        assert.ok(stored.standDowns.some((s) => s.storeId === n.store), `${n.store}: stands down`);
      }
      for (const page of others) {
        assert.equal(await d.count(page, "[data-shoptrip]"), 0, "no prompt, no confirmation");
      }
      const popup = await d.popup(trips.chewy.tab);
      assert.match(await d.text(popup, "#state"), /Paused/);
      await d.screenshot(popup, "popup-own-trip-then-other-click");
    },
  },
  {
    name: "a store page whose site carries another network's cookie pauses ShopTrip; the same page without it prompts",
    async run(d) {
      const control = await d.open("https://www.sephora.com/spring?id=1");
      await waitForBadge(d, control.tab, badgeIs("4%", OFFER), "the offer");
      const prompt = await waitForShadow(d, control.page, "prompt");
      assert.match(prompt.text, /Try a demo trip at Sephora/);
      assert.match(prompt.text, /nothing is earned/);
      // A CJ click earlier left `cje…` on this store's site; nothing in the URL says so.
      const referred = await d.open("https://www.nike.com/spring?id=1&set-cookie=cje_1");
      await waitForBadge(d, referred.tab, badgeIs("5%", PAUSED), "paused by the cookie");
      await d.wait(800);
      assert.equal(await d.count(referred.page, "[data-shoptrip]"), 0, "no prompt");
      const record = (await d.stored()).standDowns.find((s) => s.storeId === "nike");
      assert.equal(record.network, "cj");
      assert.ok(record.untilMs - record.sinceMs >= 90 * 60_000, "at least 90 minutes");
      assert.doesNotMatch(JSON.stringify(await d.stored()), /cje_1/, "the cookie's name is not kept");
      const popup = await d.popup(referred.tab);
      assert.match(await d.text(popup, "#state"), /Paused: Commission Junction.*cje… cookie from an earlier click/s);
      await d.screenshot(referred.page, "cookie-paused");
    },
  },
  {
    name: "the trip and the stand-down survive the background being restarted",
    async run(d) {
      const referred = await d.open("https://www.macys.com/?cjevent=xyz");
      await waitForBadge(d, referred.tab, badgeIs("6%", PAUSED), "paused");
      const shopping = await d.open("https://www.target.com/c/kitchen");
      await waitForBadge(d, shopping.tab, badgeIs("1.5%"), "1.5%");
      const popup = await d.popup(shopping.tab);
      await d.click(popup, 'button[data-action="shop-now"]');
      await waitForBadge(d, shopping.tab, badgeIs("ON"), "active");
      const { trips, standDowns } = await d.stored();
      assert.equal(trips.length, 1);
      assert.equal(standDowns.length, 1);

      await d.restart();
      await d.goto(referred.page, "https://www.macys.com/shop/shoes");
      await d.goto(shopping.page, "https://www.target.com/c/bath");
      await waitForBadge(d, referred.tab, badgeIs("6%", PAUSED), "paused after the restart");
      await waitForBadge(d, shopping.tab, badgeIs("ON"), "active after the restart");
      const after = await d.stored();
      assert.deepEqual(after.trips.map((t) => t.id), trips.map((t) => t.id));
      assert.deepEqual(after.standDowns.map((s) => s.storeId), ["macys"]);
    },
  },
  {
    name: "browsing without a click makes no request from the extension",
    async run(d, web) {
      const start = web.log.length;
      const visits = [
        "https://www.macys.com/shop/coats",
        "https://www.example.org/",
        "https://www.nike.com/?cjevent=1",
        "https://www.sephora.com/spa",
        "https://www.target.com/c/toys",
      ];
      const { page } = await d.open(visits[0]);
      for (const url of visits.slice(1)) {
        await d.goto(page, url);
        await d.wait(200);
      }
      await d.wait(1000);
      const expected = new Set(visits.map((u) => { const x = new URL(u); return `${x.host}${x.pathname}${x.search}`; }));
      const seen = web.log.slice(start).map((r) => `${r.host}${r.path}${r.search}`);
      const unexpected = seen.filter((r) => !expected.has(r) && !r.endsWith("/favicon.ico"));
      assert.deepEqual(unexpected, [], "the server saw only the pages the shopper opened");
    },
  },
  {
    name: "an engine snapshot damaged, missing or for another catalog is rebuilt from its catalog, and the badge stays right",
    async run(d) {
      // The feed's catalog (Macy's at 9%, not the shipped 6%) and its snapshot.
      const set = await d.ask({ type: "set-feed", url: "https://feeds.shoptrip.test/good.json" });
      assert.ok(set.ok, JSON.stringify(set));
      const good = await d.inExtension(storedSnapshotDigest);
      assert.ok(good, "the feed's snapshot is stored beside it");
      const refused = ["corrupted", "truncated", "for another catalog"];
      for (const [i, kind] of [...refused, "missing", "left by an older ShopTrip"].entries()) {
        await d.inExtension(damageStoredSnapshot, kind);
        assert.notEqual(await d.inExtension(storedSnapshotDigest), good);
        await d.restart();
        const { page, tab } = await d.open(`https://www.macys.com/shop/snapshot-${i}`);
        await waitForBadge(d, tab, badgeIs("9%", OFFER), `the feed's 9% with a ${kind} snapshot`);
        const woken = await d.ask({ type: "options" });
        assert.equal(woken.result.engineFrom, "catalog", kind);
        assert.equal(woken.result.storeCount, 2, "the feed's catalog, not the shipped one");
        // A refused snapshot is listed; a missing one is no problem.
        const listed = woken.result.problems.filter((p) => /snapshot was not used/.test(p));
        assert.equal(listed.length, refused.includes(kind) ? 1 : 0, JSON.stringify(woken.result.problems));
        // Written again once the badge is out: byte for byte the snapshot the feed had.
        let now;
        for (const deadline = Date.now() + 10_000; Date.now() < deadline && now !== good; await d.wait(100)) {
          now = await d.inExtension(storedSnapshotDigest);
        }
        assert.equal(now, good, `the ${kind} snapshot was written again`);
        if (i === 0) await d.screenshot(page, "snapshot-rebuilt");
        await page.close();
      }
      // The rebuilt snapshot is the one the next wake-up uses.
      await d.restart();
      const { tab } = await d.open("https://www.macys.com/shop/after-rebuild");
      await waitForBadge(d, tab, badgeIs("9%", OFFER), "9% from the rebuilt snapshot");
      const after = await d.ask({ type: "options" });
      assert.equal(after.result.engineFrom, "snapshot");
      assert.deepEqual(after.result.problems.filter((p) => /snapshot/.test(p)), []);
    },
  },
  publisherJourney("en"),
  publisherJourney("ja"),
  accountJourney,
  lookalikeJourney,
];
