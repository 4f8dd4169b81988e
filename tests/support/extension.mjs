// Loads the real extension/ unpacked in Debian's Chromium and gives tests a
// shopper's-eye view of it: tabs, badges, storage, the worker.
import { before, after } from "node:test";
import { launch } from "./browser.mjs";
import { startWebServer } from "./web-server.mjs";
import { testExtension } from "./extension-copy.mjs";

/**
 * The real extension, loaded from a test copy with the fixture catalogs and
 * a worker clock at `clockMs` (default TEST_NOW; see extension-copy.mjs).
 */
export async function launchWithExtension(web, { extraExtensions = [], locale, clockMs, source, fixtureCatalogs } = {}) {
  const paths = [testExtension({ clockMs, source, fixtureCatalogs }), ...extraExtensions].join(",");
  const context = await launch([`--disable-extensions-except=${paths}`, `--load-extension=${paths}`, ...web.args], { locale });
  const worker = await shoptripWorker(context);
  const extensionId = new URL(worker.url()).host;
  // Right after install, the browser learns of the worker's listeners only
  // once its script has run: browsing before that would go unseen.
  await inWorker(context, extensionId, () => true);
  return { context, extensionId };
}

/**
 * A fresh browser profile with the extension, closed after `body` runs.
 * `body` gets the page errors seen meanwhile, for tests that assert none.
 */
export async function withBrowser(web, body, options) {
  const { context, extensionId } = await launchWithExtension(web, options);
  const errors = [];
  context.on("weberror", (e) => errors.push(e.error().message));
  try {
    await body({ context, extensionId, errors });
  } finally {
    await context.close();
  }
}

/**
 * For a test file whose tests each want a fresh browser: one test web server
 * for the whole file (started and closed by node:test hooks), `withBrowser`
 * against it, and the requests that reached ShopTrip's tracking host.
 */
export function browsersForFile() {
  const file = {
    web: null,
    withBrowser: (body, options) => withBrowser(file.web, body, options),
    trackingHits: () => file.web.log.filter((r) => r.host === "go.shoptrip.example"),
  };
  before(async () => {
    file.web = await startWebServer();
  });
  after(async () => {
    await file.web?.close();
  });
  return file;
}

/** A new tab showing `url`, and its tab id. */
export async function openTab(context, extensionId, url) {
  const page = await context.newPage();
  await page.goto(url);
  return { page, tab: await tabIdOf(context, extensionId, page) };
}

/** The popup for tab `tab`, opened as a page the way API.md's test surface allows. */
export async function openPopup(context, extensionId, tab) {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 340, height: 620 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
  await popup.locator("#store:not([hidden]), #search:not([hidden]), #lookalike:not([hidden])").waitFor();
  return popup;
}

/** A test web server and a browser with the extension, for a whole test file. */
export async function openBrowser(options) {
  const web = await startWebServer();
  return { web, ...(await launchWithExtension(web, options)) };
}

export async function closeBrowser({ web, context }) {
  await context?.close();
  await web?.close();
}

/** ShopTrip's current service worker, waking or waiting for one. */
export async function shoptripWorker(context, extensionId) {
  const own = (w) => w.url().endsWith("/background.js") && (!extensionId || w.url().includes(extensionId));
  const found = context.serviceWorkers().find(own);
  if (found) return found;
  return context.waitForEvent("serviceworker", { predicate: own, timeout: 15_000 });
}

/** Runs `fn(arg)` in the worker, after the core is ready. */
export async function inWorker(context, extensionId, fn, arg) {
  const worker = await shoptripWorker(context, extensionId);
  await worker.evaluate(() => globalThis.shoptrip.ready.then(() => true));
  return worker.evaluate(fn, arg);
}

/** The tab id of a Playwright page (its URL must be unique among the tabs). */
export async function tabIdOf(context, extensionId, page) {
  const url = page.url();
  const ids = await inWorker(context, extensionId, async (u) =>
    (await chrome.tabs.query({})).filter((t) => t.url === u).map((t) => t.id), url);
  if (ids.length !== 1) throw new Error(`${ids.length} tabs show ${url}`);
  return ids[0];
}

export async function badgeOf(context, extensionId, tabId) {
  return inWorker(context, extensionId, async (id) => ({
    text: await chrome.action.getBadgeText({ tabId: id }),
    colour: await chrome.action.getBadgeBackgroundColor({ tabId: id }),
    title: await chrome.action.getTitle({ tabId: id }),
  }), tabId);
}

/** Polls until the tab's badge satisfies `ok` (the worker works asynchronously). */
export async function waitForBadge(context, extensionId, tabId, ok, what) {
  let last;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    last = await badgeOf(context, extensionId, tabId);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`badge of tab ${tabId} never became ${what}; last ${JSON.stringify(last)}`);
}

export async function storedState(context, extensionId) {
  const stored = await inWorker(context, extensionId, () => chrome.storage.local.get("shoptrip.trips"));
  return stored["shoptrip.trips"] ? JSON.parse(stored["shoptrip.trips"]) : { trips: [], standDowns: [] };
}

/** Stops the extension's service worker the way Chromium does when idle. */
export async function stopWorker(context, extensionId) {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  const { targetInfos } = await cdp.send("Target.getTargets");
  const target = targetInfos.find((t) => t.type === "service_worker" && t.url.includes(extensionId));
  if (!target) throw new Error("no ShopTrip worker to stop");
  await cdp.send("Target.closeTarget", { targetId: target.targetId });
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    const { targetInfos: now } = await cdp.send("Target.getTargets");
    if (!now.some((t) => t.targetId === target.targetId)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  await cdp.detach();
}

/** Text inside the page's `[data-shoptrip=kind]` host, read through its closed shadow root. */
export async function shadowText(context, page, kind) {
  const cdp = await context.newCDPSession(page);
  const { root } = await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
  await cdp.detach();
  const hosts = [];
  const walk = (node) => {
    const attrs = node.attributes ?? [];
    for (let i = 0; i < attrs.length; i += 2) {
      if (attrs[i] === "data-shoptrip" && attrs[i + 1] === kind) hosts.push(node);
    }
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
  };
  walk(root);
  if (hosts.length === 0) return null;
  const texts = [];
  const collect = (node, parentName) => {
    if (node.nodeType === 3 && parentName !== "STYLE") texts.push(node.nodeValue);
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) collect(child, node.nodeName);
  };
  collect(hosts[0]);
  const modes = (hosts[0].shadowRoots ?? []).map((r) => r.shadowRootType);
  return { text: texts.join(" ").replace(/\s+/g, " ").trim(), shadowModes: modes };
}

/** `shadowText` once the page has a `[data-shoptrip=kind]` card; throws after `ms`. */
export async function waitForShadow(context, page, kind, ms = 20_000) {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    const found = await shadowText(context, page, kind).catch(() => null);
    if (found) return found;
    await page.waitForTimeout(100);
  }
  throw new Error(`no ${kind} in ${page.url()}`);
}

/**
 * Where on screen the button with `text` inside the closed shadow root of
 * `[data-shoptrip=kind]` is: `{ x, y }`, its centre.
 */
export async function buttonInShadow(context, page, kind, text) {
  const cdp = await context.newCDPSession(page);
  try {
    const { root } = await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
    let host = null;
    const findHost = (node) => {
      const attrs = node.attributes ?? [];
      for (let i = 0; i < attrs.length; i += 2) {
        if (attrs[i] === "data-shoptrip" && attrs[i + 1] === kind) host = node;
      }
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) findHost(child);
    };
    findHost(root);
    if (!host) throw new Error(`no ${kind} in the page`);
    let button = null;
    const findButton = (node) => {
      if (node.nodeName === "BUTTON" && (node.children ?? []).some((c) => c.nodeValue === text)) button = node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) findButton(child);
    };
    findButton(host);
    if (!button) throw new Error(`no button ${JSON.stringify(text)} in the ${kind}`);
    const { model } = await cdp.send("DOM.getBoxModel", { backendNodeId: button.backendNodeId });
    const [x1, y1, , , x3, y3] = model.content;
    return { x: (x1 + x3) / 2, y: (y1 + y3) / 2 };
  } finally {
    await cdp.detach();
  }
}

/**
 * Clicks, as the shopper would (a trusted click at its place on screen), the
 * button with `text` inside the closed shadow root of `[data-shoptrip=kind]`.
 */
export async function clickInShadow(context, page, kind, text) {
  // A shopper reads a card before clicking it: ShopTrip's cards ignore
  // clicks in their first half second on screen (page-card.js).
  await page.waitForTimeout(700);
  const { x, y } = await buttonInShadow(context, page, kind, text);
  await page.mouse.click(x, y);
}

/**
 * A page script: a decoy over the card's corner of the page that lets clicks
 * through to whatever is under it, as a clickjacking page paints one.
 */
export function decoyScript(text) {
  return `{
  const decoy = document.createElement("div");
  decoy.id = "decoy";
  decoy.textContent = ${JSON.stringify(text)};
  decoy.style.cssText = "position:fixed;top:0;right:0;width:420px;height:260px;z-index:2147483647;" +
    "pointer-events:none;background:#ffd400;color:#000;font:700 24px sans-serif;display:grid;place-items:center";
  document.documentElement.append(decoy);
}`;
}

/** A page script run before the page loads: the decoy, the moment a `[data-shoptrip=kind]` card appears. */
export function decoyOnceShown(kind, text) {
  return `new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-shoptrip="${kind}"]')) return;
    observer.disconnect();
    ${decoyScript(text)}
  }).observe(document, { childList: true, subtree: true });`;
}

/** Sends a message to the worker as the extension's own pages do. */
export async function askWorker(context, extensionId, message) {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    return await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  } finally {
    await page.close();
  }
}
