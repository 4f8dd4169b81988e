// Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the
// Firefox build of the extension (dist/firefox/, as a test copy: fixture
// catalogs and the test clock) installed by `browser.installExtension`.
// Firefox can point host names at 127.0.0.1 (network.dns.localDomains) but
// not at a port, so its test server listens on 443. TOOLCHAIN.md lists the
// traps worked around here: navigating to moz-extension:// pages, and reading
// a closed shadow root (a raw BiDi script.evaluate that includes shadow trees).
import puppeteer from "puppeteer-core";
import { testExtension } from "./extension-copy.mjs";
import { ARTIFACTS } from "./browser.mjs";

const GECKO_ID = "shoptrip@shoptrip.example";
// A fixed moz-extension:// origin for the extension (extensions.webextensions.uuids).
const UUID = "6f3c0e0a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
export const ORIGIN = `moz-extension://${UUID}`;
const FIREFOX_BUILD = new URL("../../dist/firefox/", import.meta.url).pathname;

/** Every host name the journeys visit: all of them reach the test server. */
export const HOSTS = [
  "www.macys.com", "m.macys.com", "macys.com.evil.example", "www.example.org", "go.shoptrip.example",
  "click.linksynergy.com", "www.anrdoezrs.net", "www.nordstrom.com", "www.bestbuy.com", "www.target.com",
  "www.status-shop.example", "www.nike.com", "www.sephora.com", "feeds.shoptrip.test",
  // The publisher's links on the networks' hosts, and their stores.
  "chewy.pxf.io", "www.awin1.com", "www.rei.com", "www.kohls.com", "www.chewy.com", "www.zappos.com",
  // The fixture publisher's tracking and feed hosts.
  "go.example-rewards.test", "feeds.example-rewards.test", "rewards.example-rewards.test", "api.example-rewards.test",
  // Lookalikes of Macy's, the real one's bare domain, and a well-known site.
  "www.rnacys.com", "macys.com.sale-today.shop", "macys.com", "en.wikipedia.org",
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Goes to an extension page: BiDi loses that navigation, so it is polled. */
async function gotoExtensionPage(page, url) {
  page.goto(url).catch(() => {});
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(100)) {
    const at = await page.evaluate(() => location.href).catch(() => "");
    if (at === url) {
      await page.waitForFunction(() => document.readyState === "complete").catch(() => {});
      return page;
    }
  }
  throw new Error(`never reached ${url}`);
}

/**
 * Firefox with the extension: the Firefox build, or `source` (a publisher's
 * branded Firefox build, whose add-on id is `geckoId`, with its own
 * catalogs); the browser's language is `locale` ("en-US" or "ja").
 */
export async function launchFirefox({ clockMs, source, geckoId = GECKO_ID, locale = "en-US" } = {}) {
  const browser = await puppeteer.launch({
    browser: "firefox", protocol: "webDriverBiDi", executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true, acceptInsecureCerts: true, args: ["--remote-allow-system-access"],
    defaultViewport: { width: 1200, height: 900 },
    extraPrefsFirefox: {
      "extensions.webextensions.uuids": JSON.stringify({ [geckoId]: UUID }),
      "intl.locale.requested": locale,
      "network.dns.localDomains": HOSTS.join(","),
      "network.dns.disableIPv6": true,
      "network.trr.mode": 5,
      "network.proxy.type": 0,
      "network.stricttransportsecurity.preloadlist": false,
      "dom.security.https_first": false,
      "dom.security.https_first_pbm": false,
      "dom.security.https_only_mode": false,
      // A headless run has no one to click Allow: an optional permission or
      // data-collection consent the extension asks for is granted as asked
      // (the linked account's, worker/data-consent.js), and a test that
      // withdraws it sees what a member who declines sees.
      "extensions.webextOptionalPermissionPrompts": false,
    },
  });
  await browser.installExtension(source
    ? testExtension({ source, clockMs, fixtureCatalogs: false })
    : testExtension({ source: FIREFOX_BUILD, clockMs }));
  let control = await gotoExtensionPage(await browser.newPage(), `${ORIGIN}/options.html`);
  const inExtension = (fn, arg) => control.evaluate(fn, arg);

  const driver = {
    name: "firefox",
    canTellVisibility: false,
    async open(url) {
      const page = await browser.newPage();
      await page.goto(url);
      return { page, tab: await driver.tabOf(page) };
    },
    async goto(page, url) {
      await page.goto(url);
    },
    url: (page) => page.evaluate(() => location.href),
    async tabOf(page) {
      const url = await driver.url(page);
      const ids = await inExtension(async (u) =>
        (await browser.tabs.query({})).filter((t) => t.url === u).map((t) => t.id), url);
      if (ids.length !== 1) throw new Error(`${ids.length} tabs show ${url}`);
      return ids[0];
    },
    badge: (tab) => inExtension(async (id) => ({
      text: await browser.action.getBadgeText({ tabId: id }),
      colour: await browser.action.getBadgeBackgroundColor({ tabId: id }),
    }), tab),
    async popup(tab) {
      const page = await gotoExtensionPage(await browser.newPage(), `${ORIGIN}/popup.html?tab=${tab}`);
      await page.waitForSelector("#store:not([hidden]), #search:not([hidden]), #lookalike:not([hidden])");
      return page;
    },
    /** An extension page (trips.html, options.html) in a new tab. */
    extensionPage: async (path) => gotoExtensionPage(await browser.newPage(), `${ORIGIN}/${path}`),
    waitFor: (page, selector) => page.waitForSelector(selector),
    click: (page, selector) => page.click(selector),
    fill: (page, selector, value) => page.type(selector, value),
    /** The window identity.launchWebAuthFlow opens when `trigger` runs, at the publisher's sign-in page. */
    async signInWindow(trigger) {
      const opened = browser.waitForTarget((t) => t.url().includes("/oauth/authorize"), { timeout: 15_000 });
      await trigger();
      const page = await (await opened).page();
      await page.waitForSelector("#sign-in");
      return page;
    },
    text: (page, selector) => page.$eval(selector, (e) => e.innerText),
    style: (page, selector, property) => page.$eval(selector, (e, p) => getComputedStyle(e)[p], property),
    count: (page, selector) => page.$$eval(selector, (all) => all.length),
    ask: (message) => inExtension((m) => browser.runtime.sendMessage(m), message),
    inExtension: (fn, arg) => inExtension(fn, arg),
    async stored() {
      const items = await inExtension(() => browser.storage.local.get("shoptrip.trips"));
      return items["shoptrip.trips"] ? JSON.parse(items["shoptrip.trips"]) : { trips: [], standDowns: [] };
    },
    /** Text inside the page's `[data-shoptrip=kind]`, through its closed shadow root. */
    async shadowText(page, kind) {
      const reply = await browser.connection.send("script.evaluate", {
        expression: `document.querySelector('[data-shoptrip="${kind}"]')`,
        target: { context: page.mainFrame()._id },
        awaitPromise: false,
        serializationOptions: { includeShadowTree: "all", maxDomDepth: 30 },
      });
      // The raw reply: { result: { type: "success", result: <the node> } }.
      const result = reply.result?.result;
      if (result?.type !== "node") return null;
      const texts = [];
      const walk = (node, parent) => {
        const v = node.value ?? {};
        if (v.nodeType === 3 && parent !== "style") texts.push(v.nodeValue);
        for (const child of v.children ?? []) walk(child, v.localName);
        if (v.shadowRoot) walk(v.shadowRoot, v.localName);
      };
      walk(result);
      const mode = result.value.shadowRoot?.value?.mode;
      return { text: texts.join(" ").replace(/\s+/g, " ").trim(), shadowModes: mode ? [mode] : [] };
    },
    /** The background restarted: the extension reloaded, as after an update. */
    async restart() {
      await inExtension(() => { setTimeout(() => browser.runtime.reload(), 50); });
      await sleep(1500);
      control = await gotoExtensionPage(await browser.newPage(), `${ORIGIN}/options.html`);
    },
    screenshot: (page, name) => page.screenshot({ path: `${ARTIFACTS}firefox-${name}.png` }),
    wait: sleep,
    close: () => browser.close(),
  };
  return driver;
}
