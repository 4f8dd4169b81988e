// The journeys' driver for Debian's Chromium under Playwright: the same
// steps as the Firefox driver (firefox.mjs), over the helpers in extension.mjs.
import { ARTIFACTS } from "./browser.mjs";
import {
  launchWithExtension, tabIdOf, badgeOf, openPopup, storedState, shadowText, stopWorker, askWorker,
} from "./extension.mjs";

export async function launchChromium(web, options) {
  const { context, extensionId } = await launchWithExtension(web, options);
  return {
    name: "chromium",
    canTellVisibility: true,
    async open(url) {
      const page = await context.newPage();
      await page.goto(url);
      return { page, tab: await tabIdOf(context, extensionId, page) };
    },
    goto: (page, url) => page.goto(url),
    url: async (page) => page.url(),
    tabOf: (page) => tabIdOf(context, extensionId, page),
    badge: (tab) => badgeOf(context, extensionId, tab),
    popup: (tab) => openPopup(context, extensionId, tab),
    /** An extension page (trips.html, options.html) in a new tab. */
    async extensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    waitFor: (page, selector) => page.locator(selector).first().waitFor(),
    click: (page, selector) => page.click(selector),
    fill: (page, selector, value) => page.fill(selector, value),
    /** The window identity.launchWebAuthFlow opens when `trigger` runs, at the publisher's sign-in page. */
    async signInWindow(trigger) {
      const opened = context.waitForEvent("page", { predicate: (p) => p.url().includes("/oauth/authorize") || p.url() === "about:blank", timeout: 15_000 });
      await trigger();
      const page = await opened;
      await page.waitForURL(/\/oauth\/authorize/);
      await page.locator("#sign-in").waitFor();
      return page;
    },
    text: (page, selector) => page.locator(selector).innerText(),
    style: (page, selector, property) => page.$eval(selector, (e, p) => getComputedStyle(e)[p], property),
    count: (page, selector) => page.locator(selector).count(),
    stored: () => storedState(context, extensionId),
    /** A message to the worker from an extension page, as the settings page sends it. */
    ask: (message) => askWorker(context, extensionId, message),
    /** `fn(arg)` run in an extension page (the worker's origin: its storage and caches). */
    async inExtension(fn, arg) {
      const page = await context.newPage();
      try {
        await page.goto(`chrome-extension://${extensionId}/options.html`);
        return await page.evaluate(fn, arg);
      } finally {
        await page.close();
      }
    },
    shadowText: (page, kind) => shadowText(context, page, kind),
    /** The worker stopped, as Chromium stops an idle one; the next event wakes a fresh one. */
    restart: () => stopWorker(context, extensionId),
    screenshot: (page, name) => page.screenshot({ path: `${ARTIFACTS}chromium-${name}.png` }),
    wait: (ms) => new Promise((r) => setTimeout(r, ms)),
    close: () => context.close(),
  };
}
