// The core's JavaScript API as ../shared/API.md states it, called from the
// wasm-pack `--target web` output in pkg/ (run by `./build.sh test` with
// node's test runner).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, { initSync, Engine, TripJournal, catalogHash, setPublicSuffixes } from "../pkg/shoptrip.js";
import { TEST_NOW, IN_BOOST } from "./support/clock.mjs";

const root = new URL("../", import.meta.url);
initSync({ module: readFileSync(new URL("pkg/shoptrip_bg.wasm", root)) });
// The fixture catalogs: the sample shops with fixed dates (tests/support/clock.mjs).
// `./build.sh test` runs this file as if on several days (tests/support/fixed-date.mjs):
// what it asserts holds on any of them.
const usCatalog = readFileSync(new URL("tests/fixtures/catalogs/us.json", root), "utf8");
const jpCatalog = readFileSync(new URL("tests/fixtures/catalogs/jp.json", root), "utf8");
const shipped = (region) => readFileSync(new URL(`extension/catalogs/${region}.json`, root), "utf8");
const AT = TEST_NOW;

test("pkg exports the contract", () => {
  assert.equal(typeof init, "function");
  assert.equal(typeof initSync, "function");
  const pkg = JSON.parse(readFileSync(new URL("pkg/package.json", root), "utf8"));
  assert.equal(pkg.name, "shoptrip");
});

test("new Engine loads the bundled catalogs, which send no shopper to a placeholder tracking host", () => {
  const engine = new Engine(shipped("us"));
  assert.ok(engine.storeCount >= 150, `${engine.storeCount} stores`);
  assert.equal(new Engine(shipped("jp")).storeCount, 16);
  for (const region of ["us", "jp"]) {
    const stores = JSON.parse(shipped(region)).stores;
    assert.deepEqual(stores.filter((s) => "tracking" in s).map((s) => s.id), [], `${region}: no tracking templates`);
  }
  // Shop Now then goes straight to the store.
  assert.equal(engine.shopNowUrl("macys", "a".repeat(32), "https://www.macys.com/shop/coats"),
    "https://www.macys.com/shop/coats");
});

test("a bad catalog throws an Error listing every problem", () => {
  const bad = JSON.stringify({
    schema: 1, region: "US", currency: "USD",
    stores: [
      { id: "Bad Id", name: "x", domains: ["x.com"], offer: { kind: "percent", rate: "6" } },
      { id: "two", name: "Two", domains: ["localhost"], offer: { kind: "percent", rate: "101" } },
    ],
  });
  assert.throws(() => new Engine(bad), (e) => {
    assert.ok(e instanceof Error);
    assert.match(e.message, /stores\[0\]: id: "Bad Id"/);
    assert.match(e.message, /store two: domains\[0\]: "localhost"/);
    assert.match(e.message, /store two: offer: rate 101/);
    return true;
  });
  assert.throws(() => new Engine(JSON.stringify({ schema: 2, stores: [] })), /schema 2 is not supported/);
  assert.throws(() => new Engine("{"), /not valid JSON/);
  assert.throws(() => new Engine(undefined), Error);
});

/** Whether `ms` falls in the fixture's Black Friday boost (Macy's 6% + 4%). */
const inBoost = (ms) => ms >= Date.UTC(2030, 10, 29) && ms < Date.UTC(2030, 11, 3, 8);

test("matchUrl finds stores on any subdomain, path and country site", () => {
  const engine = new Engine(usCatalog);
  const m = engine.matchUrl("https://www.macys.com/shop/womens?id=1");
  assert.deepEqual(
    { storeId: m.storeId, storeName: m.storeName, host: m.host, badge: m.badge, standDown: m.standDown },
    { storeId: "macys", storeName: "Macy's", host: "www.macys.com", badge: inBoost(Date.now()) ? "10%" : "6%", standDown: null },
  );
  assert.equal(m.offer.kind, "percent");
  assert.equal(m.offer.upTo, true);
  assert.deepEqual(JSON.parse(JSON.stringify(m)), m, "plain JSON-compatible object");
  for (const [url, id] of [
    ["https://m.macys.com/", "macys"], ["https://www.amazon.co.jp/dp/1", "amazon"],
    ["https://www.amazon.de/", "amazon"], ["https://www.walmart.ca/", "walmart"],
    ["http://hotels.com/ho123", "hotels"], ["https://WWW.BESTBUY.COM/site", "bestbuy"],
    ["https://www.apple.com/uk/shop/bag", "apple"], ["https://athleta.gap.com/", "athleta"],
  ]) {
    assert.equal(engine.matchUrl(url)?.storeId, id, url);
  }
  assert.equal(engine.matchUrl("https://www.hotels.com/").badge, "4%");
  assert.equal(engine.matchUrl("https://www.chewy.com/").badge, "$15");
});

test("engine.lookalike names the store a page imitates and its real domain, and never throws", () => {
  // Before the Public Suffix List is handed over, registrable domains are guessed.
  const guessing = new Engine(shipped("us"));
  assert.deepEqual(guessing.lookalike("https://rnacys.com/sale"),
    { storeId: "macys", storeName: "Macy's", domain: "macys.com", kind: "homoglyph" });
  setPublicSuffixes(readFileSync("/usr/share/publicsuffix/public_suffix_list.dat", "utf8"));
  const engine = new Engine(shipped("us"));
  const cases = {
    "https://rnacys.com/": ["macys", "homoglyph"],
    "https://xn--mazon-3ve.com/": ["amazon", "homoglyph"],
    "https://macyss.com/": ["macys", "typo"],
    "https://macys.com.sale-today.shop/": ["macys", "embedding"],
    "https://macys-com.shop/": ["macys", "embedding"],
    "https://macys-outlet.shop/": ["macys", "brand"],
    "https://bestbuyclearance.store/": ["bestbuy", "brand"],
    "https://macys.co/": ["macys", "tld"],
  };
  for (const [url, [storeId, kind]] of Object.entries(cases)) {
    const found = engine.lookalike(url);
    assert.deepEqual([found?.storeId, found?.kind], [storeId, kind], url);
    assert.equal(engine.matchUrl(url), null, `${url}: matchUrl never matches it`);
  }
  for (const url of ["https://www.macys.com/", "https://en.wikipedia.org/", "https://192.168.0.1/", "https://intranet/",
    "not a url", "", "x".repeat(2 << 20), `https://${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}/`,
    "https://xn--zz.com/", 42, null, undefined, {}, ["https://rnacys.com/"]]) {
    assert.equal(engine.lookalike(url), null, String(url).slice(0, 80));
  }
});

test("a lookalike's answer is the same after matchUrl, from a snapshot, and after a new catalog", () => {
  setPublicSuffixes(readFileSync("/usr/share/publicsuffix/public_suffix_list.dat", "utf8"));
  const text = shipped("us");
  const built = new Engine(text);
  const hash = catalogHash(new TextEncoder().encode(text));
  const restored = Engine.fromSnapshot(built.snapshot(hash), hash);
  const urls = [
    "https://rnacys.com/", "https://rnacy5.com/", new URL("https://aməƶon.com/").href, "https://macys.com.sale-today.shop/",
    "https://macyss.com/", "https://www.macys.com/", "https://www.example.org/", "https://news.example.org/a",
  ];
  for (const url of urls) {
    const alone = built.lookalike(url);
    const afterMatch = (built.matchUrl(url), built.lookalike(url));
    assert.deepEqual(afterMatch, alone, url);
    assert.deepEqual(restored.lookalike(url), alone, `${url} from the snapshot`);
  }
  assert.equal(built.lookalike("https://rnacy5.com/")?.storeId, "macys", "a homoglyph with a typo");
  assert.equal(built.lookalike(new URL("https://aməƶon.com/").href)?.storeId, "amazon", "ə and ƶ");
  // matchUrl found rnacys.com on no store; once a catalog lists it, it is a store's own site.
  assert.equal(built.matchUrl("https://rnacys.com/"), null);
  const withIt = JSON.parse(text);
  withIt.stores.push({ id: "rnacys", name: "RN Acys", domains: ["rnacys.com"], offer: { kind: "percent", rate: "1" } });
  built.replaceCatalog(JSON.stringify(withIt));
  assert.equal(built.lookalike("https://rnacys.com/"), null);
  assert.equal(built.matchUrl("https://rnacys.com/")?.storeId, "rnacys");
});

test("matchUrl never matches a lookalike", () => {
  const engine = new Engine(usCatalog);
  for (const url of [
    "https://macys.com.evil.example/", "https://evil.example/macys.com",
    "https://macys.com@evil.example/", "https://notmacys.com/", "https://xn--mcys-8cd.com/",
    "https://mаcys.com/", "http://127.0.0.1/macys.com", "ftp://macys.com/", "macys.com",
    "https://www.apple.com/iphone/",
  ]) {
    assert.equal(engine.matchUrl(url), null, url);
  }
});

test("matchUrl stands down for other affiliates, and says why", () => {
  const engine = new Engine(usCatalog);
  const viaParam = engine.matchUrl("https://www.macys.com/?cjevent=abc123");
  assert.ok(viaParam.standDown);
  assert.equal(viaParam.standDown.network, "cj");
  assert.equal(typeof viaParam.standDown.reason, "string");
  const viaReferrer = engine.matchUrl("https://www.macys.com/", "https://click.linksynergy.com/deeplink?id=x");
  assert.ok(viaReferrer.standDown);
  assert.ok(!engine.matchUrl("https://www.macys.com/?utm_source=newsletter&gclid=1").standDown);
  assert.ok(!engine.matchUrl("https://www.target.com/?tag=x").standDown);
  assert.ok(engine.matchUrl("https://www.amazon.com/dp/1?tag=someone-20").standDown);
  // matchUrl knows no trip: a catalog's tracking host exempts nothing
  // (only the journal knows a trip's own chain).
  const viaTrackingHost = engine.matchUrl("https://www.macys.com/?afsrc=1", "https://go.shoptrip.example/t?store=macys");
  assert.ok(viaTrackingHost.standDown, "the landing's afsrc=1 decides");
  assert.ok(!engine.matchUrl("https://www.macys.com/", "https://go.shoptrip.example/t?store=macys").standDown);
});

test("matchUrl never throws, whatever it is given", () => {
  const engine = new Engine(usCatalog);
  const alphabet = ["a", "macys", ".", "/", ":", "@", "%", "#", "?", "\\", "[", "]", "\t", " ", "é",
    "ｍ", "\u0000", "\ud800", "xn--", "http://", "https://", "0x7f", "1", "。", "&cjevent=1"];
  let seed = 42;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let i = 0; i < 3000; i++) {
    let s = "";
    for (let j = rnd(12); j > 0; j--) s += alphabet[rnd(alphabet.length)];
    const result = engine.matchUrl(s, s);
    assert.ok(result === null || typeof result.storeId === "string");
  }
  for (const odd of [undefined, null, 42, {}, [], Symbol.iterator, () => 1]) {
    assert.equal(engine.matchUrl(odd, odd), null);
  }
  const limit = 2 * 1024 * 1024;
  const atLimit = "https://www.macys.com/" + "a".repeat(limit - 22);
  assert.equal(atLimit.length, limit);
  assert.equal(engine.matchUrl(atLimit)?.storeId, "macys");
  assert.equal(engine.matchUrl(atLimit + "a"), null);
  assert.equal(engine.matchUrl("https://www.macys.com/").storeId, "macys", "still working");
});

test("estimate in the three programs", () => {
  const us = new Engine(usCatalog);
  assert.deepEqual(us.estimate("macys", 2000, "cash_back", AT), { amountMinor: 120, points: 0, display: "$1.20" });
  assert.deepEqual(us.estimate("macys", 2000, "membership_rewards", AT),
    { amountMinor: 120, points: 120, display: "120 MR points" });
  assert.equal(us.estimate("macys", 10000, "cash_back", IN_BOOST).amountMinor, 1000, "Black Friday boost");
  assert.equal(us.estimate("macys", 10000, "cash_back", Date.UTC(2030, 11, 3, 8)).amountMinor, 600, "the boost has ended");
  assert.equal(us.estimate("chewy", 1, "cash_back").display, "$15.00");
  const jp = new Engine(jpCatalog);
  assert.deepEqual(jp.estimate("yodobashi", 12300, "points", AT), { amountMinor: 123, points: 123, display: "123 ポイント" });
  assert.equal(jp.estimate("unext", 0, "points").points, 300);
  for (const [args, pattern] of [
    [["nope", 1, "cash_back"], /unknown store/],
    [["macys", 1, "bitcoin"], /unknown program/],
    [["amazon", 1, "membership_rewards"], /does not offer membership_rewards/],
    [["macys", 1, "points"], /does not offer points/],
    [["macys", 1.5, "cash_back"], /whole number/],
    [["macys", -5, "cash_back"], /whole number/],
    [["macys", 2 ** 53, "cash_back"], /whole number/],
    [["macys", "100", "cash_back"], /must be a number/],
  ]) {
    assert.throws(() => us.estimate(...args), (e) => e instanceof Error && pattern.test(e.message), String(args));
  }
  assert.equal(us.estimate("macys", 2000, "cash_back", AT).display, "$1.20", "still working");
});

test("an engine snapshot restores the same engine, and any other is refused with a SnapshotError", () => {
  const bytes = new TextEncoder().encode(usCatalog);
  const hash = catalogHash(bytes);
  assert.match(hash, /^[0-9a-f]{16}$/);
  const engine = new Engine(usCatalog);
  const snapshot = engine.snapshot(hash);
  assert.ok(snapshot instanceof Uint8Array);
  const restored = Engine.fromSnapshot(snapshot, hash);
  assert.equal(restored.storeCount, engine.storeCount);
  // A stand-down holds until a time counted from the call's own clock reading.
  const untimed = (m) => m && { ...m, standDown: m.standDown && { ...m.standDown, untilMs: undefined } };
  for (const url of ["https://www.macys.com/shop/coats?cjevent=1", "https://www.target.com/c/x", "https://macys.com.evil.example/"]) {
    const [a, b] = [restored, engine].map((e) => e.matchUrl(url, "https://www.google.com/"));
    assert.deepEqual(untimed(a), untimed(b), url);
    if (a?.standDown) assert.ok(Math.abs(a.standDown.untilMs - b.standDown.untilMs) < 1000, url);
  }
  assert.ok(engine.matchUrl("https://www.macys.com/shop/coats?cjevent=1", null).standDown, "the stand-down is compared too");
  assert.deepEqual(restored.store("macys", AT), engine.store("macys", AT));
  const refusals = [
    [snapshot.slice(0, snapshot.length - 1), hash, /truncated/],
    [snapshot.map((b, i) => (i === snapshot.length - 9 ? b ^ 1 : b)), hash, /damaged/],
    [snapshot, catalogHash(new TextEncoder().encode(jpCatalog)), /another catalog/],
    [bytes, hash, /not an engine snapshot/],
  ];
  for (const [bad, withHash, why] of refusals) {
    assert.throws(() => Engine.fromSnapshot(bad, withHash), (e) => e instanceof Error && e.name === "SnapshotError" && why.test(e.message));
  }
  assert.throws(() => Engine.fromSnapshot(snapshot, "xyz"), (e) => e.name === "InputError");
});

test("a refused catalog replacement keeps the catalog in use", () => {
  const engine = new Engine(usCatalog);
  const before = engine.storeCount;
  assert.throws(() => engine.replaceCatalog("{\"schema\":1,\"region\":\"US\"}"), /currency: missing/);
  assert.equal(engine.storeCount, before);
  assert.equal(engine.matchUrl("https://www.target.com/").storeId, "target");
});

test("trips persist through a JavaScript storage adapter", () => {
  const engine = new Engine(usCatalog);
  const data = new Map();
  const adapter = {
    get: (k) => data.get(k) ?? null,
    set: (k, v) => { data.set(k, v); },
    remove: (k) => { data.delete(k); },
    keys: (prefix) => [...data.keys()].filter((k) => k.startsWith(prefix)),
  };
  const journal = new TripJournal(adapter);
  const trip = journal.startTrip(engine, "macys", "https://www.macys.com/", 4, "cash_back", AT);
  assert.match(trip.id, /^[0-9a-f]{32}$/);
  assert.equal(trip.status, "activated");
  assert.equal(trip.offer.text, "Up to 6% Cash Back");
  assert.ok(data.has("shoptrip.trips"));
  journal.recordOrder(engine, trip.id, 2000, "A-1", "page");
  const reopened = new TripJournal(adapter);
  const stored = reopened.trip(trip.id);
  assert.equal(stored.status, "ordered");
  assert.equal(stored.order.estimate.display, "$1.20");
  assert.throws(() => reopened.setStatus(trip.id, "confirmed"), /cannot become confirmed/);
  assert.throws(() => reopened.startTrip(engine, "amazon", "https://amazon.com/", 1, "membership_rewards"),
    /does not offer/);
  assert.equal(reopened.trips().length, 1);

  const failing = { ...adapter, set: () => { throw new DOMException("full", "QuotaExceededError"); } };
  const journal2 = new TripJournal(failing);
  assert.throws(() => journal2.startTrip(engine, "macys", "https://www.macys.com/", 1, "cash_back"), /storage is full/);
  assert.equal(journal2.trips().length, 1, "a failed write changes nothing");
});

test("the account choice reads its answers from a plain object, and says which one is wrong", () => {
  const data = new Map();
  const journal = new TripJournal({
    get: (k) => data.get(k) ?? null,
    set: (k, v) => { data.set(k, v); },
    remove: (k) => { data.delete(k); },
    keys: (prefix) => [...data.keys()].filter((k) => k.startsWith(prefix)),
  });
  assert.throws(() => journal.chooseAccount("membership_rewards", { usCard: "yes" }),
    (e) => e.name === "InputError" && /eligibility answers/.test(e.message) && /usCard|boolean/.test(e.message));
  assert.throws(() => journal.chooseAccount("membership_rewards", { usCard: true }), /not eligible/);
  assert.equal(journal.settings().accountChosen, false, "a refused choice changes nothing");
  journal.chooseAccount("membership_rewards", { usCard: true, enrolled: true, inGoodStanding: true });
  assert.equal(journal.settings().account, "membership_rewards");
  assert.equal(journal.settings().accountChosen, true);
});

test("a failed tracking link is recorded on the trip, and the page it returns to is told once", () => {
  const engine = new Engine(usCatalog);
  const data = new Map();
  const journal = new TripJournal({
    get: (k) => data.get(k) ?? null, set: (k, v) => { data.set(k, v); },
    remove: (k) => { data.delete(k); }, keys: (p) => [...data.keys()].filter((k) => k.startsWith(p)),
  }, AT);
  const start = "https://www.macys.com/shop/coats";
  const trip = journal.startTrip(engine, "macys", start, 7, "cash_back", AT);
  const tracking = engine.trackingUrl("macys", trip.id, start);
  assert.match(tracking, /^https:\/\/go\.shoptrip\.example\/t\?/);
  assert.equal(journal.trackingLimitMs, 10_000);
  assert.equal(journal.trackingError(engine, trip.id, tracking, "net::ERR_ABORTED", AT + 5), null, "a cancelled navigation");
  assert.equal(journal.trackingStatus(engine, trip.id, "https://www.macys.com/missing", 404, AT + 6), null, "the store's own page");
  assert.equal(journal.trackingTimeout(engine, trip.id, AT + 9_999), null, "too early");
  const failure = journal.trackingError(engine, trip.id, tracking, "net::ERR_BLOCKED_BY_CLIENT", AT + 10);
  assert.deepEqual(failure, { reason: "blocked", host: "go.shoptrip.example", atMs: AT + 10, startUrl: start });
  assert.equal(journal.trackingStatus(engine, trip.id, tracking, 503, AT + 11), null, "recorded once");
  assert.equal(journal.takeTrackingNotice(engine, 7, tracking, AT + 12), null, "not on the error page");
  assert.deepEqual(journal.takeTrackingNotice(engine, 7, start, AT + 13),
    { tripId: trip.id, storeId: "macys", storeName: "Macy's", reason: "blocked", host: "go.shoptrip.example" });
  assert.equal(journal.takeTrackingNotice(engine, 7, start, AT + 14), null, "once");
  const view = journal.look(engine, start, AT + 15);
  assert.equal(view.state, "offer");
  assert.equal(view.trackingFailure.reason, "blocked");
  const stored = JSON.parse(data.get("shoptrip.trips"));
  assert.equal(stored.version, 6);
  assert.equal(stored.trips[0].trackingFailure.reason, "blocked");
  const row = journal.report(engine, AT + 16).trips[0];
  assert.equal(row.mayNotBeRecorded, true);
  assert.match(row.facts[0], /tracking link \(go\.shoptrip\.example\) failed .*blocker.*may not be recorded/);
});

test("a feed's catalog is refused when a domain entry is a public suffix", () => {
  const list = readFileSync("/usr/share/publicsuffix/public_suffix_list.dat", "utf8");
  const feed = (domains) => JSON.stringify({ schema: 1, region: "US", currency: "USD",
    stores: [{ id: "shop", name: "Shop", domains, offer: { kind: "percent", rate: "5" } }] });
  assert.throws(() => Engine.fromFeed(feed(["co.uk", "github.io", "com.au", "blogspot.com"]), list), (e) => {
    assert.equal(e.name, "CatalogError");
    for (const [i, suffix] of ["co.uk", "github.io", "com.au", "blogspot.com"].entries()) {
      assert.ok(e.message.includes(`store shop: domains[${i}]: "${suffix}" is a public suffix`), e.message);
    }
    return true;
  });
  assert.equal(Engine.fromFeed(feed(["example-shop.co.uk"]), list).matchUrl("https://www.example-shop.co.uk/").storeId, "shop");
  assert.equal(new Engine(feed(["example-shop.co.uk"])).storeCount, 1);
  assert.throws(() => Engine.fromFeed(feed(["example-shop.co.uk"]), ""), /Public Suffix List could not be read/);
});

test("a trip keeps its start page only when it is the store's; older trips are cleaned", () => {
  const engine = new Engine(usCatalog);
  const data = new Map();
  const adapter = {
    get: (k) => data.get(k) ?? null, set: (k, v) => { data.set(k, v); },
    remove: (k) => { data.delete(k); }, keys: (p) => [...data.keys()].filter((k) => k.startsWith(p)),
  };
  const journal = new TripJournal(adapter, AT);
  const webmail = "https://mail.example.com/inbox/4711?token=secret";
  assert.equal(journal.startTrip(engine, "macys", webmail, 1, "cash_back", AT).startUrl, "https://macys.com/");
  assert.equal(journal.startTrip(engine, "nike", "https://www.nike.com/w/shoes?q=run", 2, "cash_back", AT).startUrl,
    "https://www.nike.com/w/shoes?q=run");

  // A version 4 document from before: its start URLs held any page.
  const old = (id, storeId, startUrl) => ({ id, storeId, storeName: storeId, startedMs: AT, program: "cash_back",
    currency: "USD", offer: { kind: "percent", rateBps: 500, upTo: false, text: "5% Cash Back" }, startUrl,
    status: "expired", history: [{ status: "activated", atMs: AT }, { status: "expired", atMs: AT + 1 }] });
  data.set("shoptrip.trips", JSON.stringify({ version: 4, standDowns: [], settings: {}, trips: [
    old("a".repeat(32), "macys", webmail),
    old("b".repeat(32), "target", "https://www.target.com/c/toys?ref=x"),
    old("c".repeat(32), "gone-store", "https://www.search.example/?q=private+words"),
  ] }));
  const upgraded = new TripJournal(adapter, AT);
  assert.doesNotMatch(upgraded.toJSON(), /secret|inbox|private|ref=x/, "nothing of a path or query is kept");
  assert.equal(upgraded.tidyStartUrls(engine), 3);
  const starts = upgraded.trips().map((t) => t.startUrl);
  assert.deepEqual(starts, ["https://macys.com/", "https://www.target.com/", "https://www.search.example/"]);
  assert.equal(JSON.parse(data.get("shoptrip.trips")).version, 6);
  assert.equal(upgraded.tidyStartUrls(engine), 0, "once");
});

/** A journal on a Map, as the extension's storage adapter has it. */
function memoryJournal() {
  const data = new Map();
  return new TripJournal({
    get: (k) => data.get(k) ?? null, set: (k, v) => { data.set(k, v); },
    remove: (k) => { data.delete(k); }, keys: (p) => [...data.keys()].filter((k) => k.startsWith(p)),
  }, AT);
}

// The fixture catalog's publisher links on the networks' own click hosts.
const NETWORK_STORES = [
  { store: "rei", page: "https://www.rei.com/c/camping", host: "click.linksynergy.com", tripParam: "u1",
    ours: "https://www.rei.com/c/camping?ranMID=3184&ranEAID=SHOPTRIPPUB&ranSiteID=SHOPTRIPPUB-abc",
    theirClick: "https://click.linksynergy.com/deeplink?id=OTHERPUB&mid=3184&murl=https%3A%2F%2Fwww.rei.com%2Fc%2Fcamping",
    theirs: "https://www.rei.com/c/camping?ranMID=3184&ranEAID=OTHERPUB&ranSiteID=OTHERPUB-abc" },
  { store: "kohls", page: "https://www.kohls.com/catalog/bedding", host: "www.anrdoezrs.net", tripParam: "sid",
    ours: "https://www.kohls.com/catalog/bedding",
    theirClick: "https://www.anrdoezrs.net/click-999111-13511711?url=https%3A%2F%2Fwww.kohls.com%2Fcatalog%2Fbedding",
    theirs: "https://www.kohls.com/catalog/bedding" },
  { store: "chewy", page: "https://www.chewy.com/b/dog-food", host: "chewy.pxf.io", tripParam: "subId1",
    ours: "https://www.chewy.com/b/dog-food?irclickid=ir1&irgwc=1",
    theirClick: "https://chewy.pxf.io/c/7700222/1234/5678?u=https%3A%2F%2Fwww.chewy.com%2Fb%2Fdog-food",
    theirs: "https://www.chewy.com/b/dog-food?irclickid=ir2&irgwc=1" },
  { store: "zappos", page: "https://www.zappos.com/running", host: "www.awin1.com", tripParam: "clickref",
    ours: "https://www.zappos.com/running?awc=2041_1_a",
    theirClick: "https://www.awin1.com/cread.php?awinmid=2041&awinaffid=999222&ued=https%3A%2F%2Fwww.zappos.com%2Frunning",
    theirs: "https://www.zappos.com/running?awc=2041_2_a" },
];

test("ShopTrip's own link is known by its trip, not by its network host", () => {
  const engine = new Engine(usCatalog);
  for (const n of NETWORK_STORES) {
    // engine.standDown knows no trip: another publisher's click stands down.
    const found = engine.standDown([n.theirs, n.theirClick], AT, []);
    assert.ok(found, `${n.store}: stand down for the other publisher`);
    assert.equal(typeof found.networkName, "string");
    assert.ok(engine.matchUrl(n.theirs, n.theirClick).standDown, `${n.store}: matchUrl too`);

    const journal = memoryJournal();
    const trip = journal.startTrip(engine, n.store, n.page, 1, "cash_back", AT);
    const sent = new URL(trip.sentTo);
    assert.equal(sent.host, n.host);
    assert.equal(sent.searchParams.get(n.tripParam), trip.id, `${n.store}: the link carries the trip`);
    // Another publisher's click on the same host in tab 2, before ours lands.
    const theirs = journal.arrive(engine, n.theirs, "", [n.theirClick, n.theirs], 2, AT + 100, []);
    assert.equal(theirs.state, "paused", `${n.store}: another publisher's click`);
    assert.equal(theirs.prompt, false);
    assert.equal(journal.trip(trip.id).landedMs, undefined, "the trip in tab 1 did not land in tab 2");
    assert.ok(journal.trip(trip.id).attributionLost, `${n.store}: written on the trip that is on`);

    // Our own chain in a fresh journal: active, confirmed.
    const clean = memoryJournal();
    const ours = clean.startTrip(engine, n.store, n.page, 1, "cash_back", AT);
    const view = clean.arrive(engine, n.ours, "", [ours.sentTo, n.ours], 1, AT + 800, []);
    assert.equal(view.state, "active", `${n.store}: our own chain`);
    assert.equal(view.landing.tripId, ours.id);
    // The same link again, in another tab: the rules decide.
    const again = clean.arrive(engine, n.ours, "", [ours.sentTo, n.ours], 3, AT + 900, []);
    assert.equal(again.state, "paused", `${n.store}: our link in another tab`);
    assert.equal(again.landing ?? null, null);
  }
});

test("our own link after its window, or with a stolen trip id, is not ours", () => {
  const engine = new Engine(usCatalog);
  const [rei] = NETWORK_STORES;
  const late = memoryJournal();
  const trip = late.startTrip(engine, "rei", rei.page, 1, "cash_back", AT);
  const view = late.arrive(engine, rei.ours, "", [trip.sentTo, rei.ours], 1, AT + late.trackingLimitMs + 1, []);
  assert.equal(view.state, "paused");
  // A page in tab 2 links to tab 1's link, the trip id stolen.
  const stolen = memoryJournal();
  const other = stolen.startTrip(engine, "rei", rei.page, 1, "cash_back", AT);
  const seen = stolen.arrive(engine, rei.ours, "https://blog.example/", [other.sentTo, rei.ours], 2, AT + 50, []);
  assert.equal(seen.state, "paused");
  assert.equal(stolen.trip(other.id).landedMs, undefined);
  // Tab 1's own chain still lands, as paused: the later click is owed the sale.
  const own = stolen.arrive(engine, rei.ours, "", [other.sentTo, rei.ours], 1, AT + 500, []);
  assert.equal(own.state, "paused");
});

test("validatePublisher reads a good profile and lists every problem of a bad one", async () => {
  const { validatePublisher } = await import("../pkg/shoptrip.js");
  const dir = new URL("tests/fixtures/publisher/", root);
  const text = readFileSync(new URL("publisher.json", dir), "utf8");
  const files = {
    "icon.png": new Uint8Array(readFileSync(new URL("icon.png", dir))),
    "catalog-us.json": readFileSync(new URL("catalog-us.json", dir), "utf8"),
    "catalog-jp.json": readFileSync(new URL("catalog-jp.json", dir), "utf8"),
  };
  const summary = validatePublisher(text, files);
  assert.equal(summary.name, "Example Rewards");
  assert.equal(summary.demo, false);
  assert.equal(summary.color, "#5b2a86");
  assert.deepEqual(summary.programs, ["cash_back", "points"]);
  assert.deepEqual(summary.regions.map((r) => r.region), ["US", "JP"]);
  assert.equal(validatePublisher(text).id, "example-rewards", "the document alone");

  const bad = readFileSync(new URL("tests/fixtures/publisher-bad/publisher.json", root), "utf8");
  assert.throws(() => validatePublisher(bad), (e) => {
    assert.equal(e.name, "PublisherError");
    assert.match(e.message, /^name: .* must be plain text/m);
    assert.match(e.message, /^regions\[0\]\.feed: .* is not an https URL/m);
    assert.match(e.message, /^trips: needs account/m);
    return true;
  });
  // The files, when given, are checked too.
  assert.throws(() => validatePublisher(text, { ...files, "catalog-jp.json": "{}" }),
    /regions\[1\]\.catalog: refused/);
  assert.throws(() => validatePublisher(text, { ...files, "icon.png": new Uint8Array([1, 2, 3]) }),
    /brand\.icon: is not a PNG image/);
  for (const odd of ["", "{", "[]", "null"]) assert.throws(() => validatePublisher(odd), /PublisherError|refused/);
});

test("the journal's publisher gives the payout rules: the demo's seeds, or the profile's monthly schedule", () => {
  const engine = new Engine(usCatalog);
  const journal = memoryJournal();
  assert.equal(journal.publisher().demo, true);
  assert.equal(journal.publisher().name, "ShopTrip");
  const trip = journal.startTrip(engine, "macys", "https://www.macys.com/", 1, "cash_back", AT);
  journal.recordOrder(engine, trip.id, 20_000, undefined, "manual", AT);
  journal.setStatus(trip.id, "pending", AT);
  journal.setStatus(trip.id, "confirmed", AT);
  const seeds = journal.report(engine, AT).payout;
  assert.equal(seeds.minimum, 501, "the seeds' $5.01");
  assert.match(seeds.nextDate, /-(02|05|08|11)-15$/, "quarterly on the 15th");

  const profile = JSON.parse(readFileSync(new URL("tests/fixtures/publisher/publisher.json", root), "utf8"));
  const summary = journal.setPublisher(JSON.stringify(profile));
  assert.equal(summary.name, "Example Rewards");
  const monthly = journal.report(engine, AT).payout;
  assert.equal(monthly.minimum, 1000, "the profile's $10");
  assert.match(monthly.nextDate, /-01$/, "the 1st of a month");
  assert.equal(journal.report(engine, AT).payout.arrival, null);
  assert.throws(() => journal.setPublisher("{\"schema\": 2}"), (e) => e.name === "PublisherError");
  assert.equal(journal.publisher().name, "Example Rewards", "a refused profile changes nothing");
  journal.setPublisher(null);
  assert.equal(journal.publisher().demo, true);
});

test("journal.applyTripReport takes the publisher's word within the contract's moves, and refuses a bad document whole", () => {
  const engine = new Engine(usCatalog);
  const journal = memoryJournal();
  assert.equal(journal.tripReportRequest(), null, "the demo has no publisher to ask");
  assert.throws(() => journal.applyTripReport("{\"schema\":1,\"trips\":[]}", AT), (e) => e.name === "PublisherError");
  journal.setPublisher(readFileSync(new URL("tests/fixtures/publisher/publisher.json", root), "utf8"));
  const trip = journal.startTrip(engine, "macys", "https://www.macys.com/shop?q=secret", 1, "cash_back", AT);
  const { body, ids } = journal.tripReportRequest();
  assert.deepEqual(ids, [trip.id]);
  assert.deepEqual(JSON.parse(body), { schema: 1, trips: [{ id: trip.id, store: "macys", startedAt: new Date(AT).toISOString().replace(/\.\d+Z$/, "Z") }] });
  assert.doesNotMatch(body, /secret|macys\.com/);

  const answer = (entries) => JSON.stringify({ schema: 1, trips: entries,
    balance: { pendingMinor: 0, confirmedMinor: 720, paidMinor: 0 }, payouts: [] });
  const confirmed = { id: trip.id, status: "confirmed", orderMinor: 12000, rewardMinor: 720, updated: "2030-06-20T08:00:00Z" };
  for (const bad of ["not json", JSON.stringify({ schema: 2, trips: [] }),
    answer([{ ...confirmed, rewardMinor: -1 }]), answer([{ ...confirmed, rewardMinor: 7.5 }])]) {
    assert.throws(() => journal.applyTripReport(bad, AT), (e) => e.name === "PublisherError", bad);
    assert.equal(journal.trip(trip.id).status, "activated", "nothing changed");
  }
  const outcome = journal.applyTripReport(answer([confirmed, { ...confirmed, id: "f".repeat(32) }]), AT);
  assert.deepEqual([outcome.applied, outcome.ignored, outcome.skipped], [1, 1, 0]);
  assert.match(outcome.problems[0], /^trips\[1\]: ignored: /);
  assert.equal(journal.trip(trip.id).status, "confirmed");
  assert.equal(journal.trip(trip.id).reported.rewardMinor, 720);
  const row = journal.report(engine, AT).trips[0];
  assert.equal(row.value, 720, "the publisher's amount, not the estimate");
  const back = journal.applyTripReport(answer([{ ...confirmed, status: "pending" }]), AT);
  assert.equal(back.skipped, 1, "nothing goes backwards");
  assert.equal(journal.trip(trip.id).status, "confirmed");
});
