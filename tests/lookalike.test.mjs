// The lookalike warning in the page (Chromium, whose IntersectionObserver v2
// lets the card offer "I trust this site" in the page): "Go to macys.com"
// lands on the store; a clean click on "I trust this site" silences the
// site; a fake shop that paints a decoy over the card cannot trust itself
// with the shopper's click. The journey in both browsers is journeys.mjs's
// "a lookalike store"; the rules are src/lookalike.rs's tests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import {
  openBrowser, closeBrowser, tabIdOf, waitForBadge, buttonInShadow, clickInShadow, askWorker, badgeOf, waitForShadow,
  decoyOnceShown,
} from "./support/extension.mjs";

let web, context, extensionId;
before(async () => ({ web, context, extensionId } = await openBrowser()));
after(() => closeBrowser({ web, context }));

async function warningOn(url, init) {
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(url);
  const tab = await tabIdOf(context, extensionId, page);
  await waitForBadge(context, extensionId, tab, (b) => b.text === "!", "the warning badge");
  await page.locator('[data-shoptrip="lookalike"]').waitFor({ state: "attached" });
  return { page, tab };
}

const trusted = async () => (await askWorker(context, extensionId, { type: "settings" })).result.trusted ?? [];

test("the page's Go to macys.com lands on the real store", async () => {
  const { page, tab } = await warningOn("https://www.rnacys.com/coats");
  await clickInShadow(context, page, "lookalike", "Go to macys.com");
  await page.waitForURL("https://macys.com/");
  await waitForBadge(context, extensionId, tab, (b) => b.text === "6%", "the real store's offer");
});

test("the page's I trust this site silences it, and the settings list it", async () => {
  const { page, tab } = await warningOn("https://macys-outlet.shop/sale");
  await page.screenshot({ path: `${ARTIFACTS}chromium-lookalike-brand-page.png` });
  await clickInShadow(context, page, "lookalike", "I trust this site");
  for (let i = 0; i < 50 && !(await trusted()).length; i++) await page.waitForTimeout(100);
  assert.deepEqual(await trusted(), ["macys-outlet.shop"]);
  await waitForBadge(context, extensionId, tab, (b) => b.text === "", "no warning");
  await page.goto("https://macys-outlet.shop/again");
  await page.waitForTimeout(1000);
  assert.equal((await badgeOf(context, extensionId, tab)).text, "");
  // Removed in the settings: the warning is back on the next visit.
  assert.ok((await askWorker(context, extensionId, { type: "untrust", host: "macys-outlet.shop" })).ok);
  await page.goto("https://macys-outlet.shop/third");
  await waitForBadge(context, extensionId, tab, (b) => b.text === "!", "warned again");
});

test("a fake shop that paints a decoy over the warning cannot make the shopper trust it", async () => {
  const watch = decoyOnceShown("lookalike", "CONTINUE TO CHECKOUT");
  const { page } = await warningOn("https://macyss.com/checkout", watch);
  const button = await buttonInShadow(context, page, "lookalike", "I trust this site");
  await page.waitForTimeout(1000);
  await page.mouse.click(button.x, button.y);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${ARTIFACTS}chromium-lookalike-decoy.png` });
  assert.deepEqual(await trusted(), [], "not trusted by a click through a decoy");
  assert.equal(page.url(), "https://macyss.com/checkout");
});

test("in Japanese, the page's warning names the real store in Japanese, and its Go to lands there", async () => {
  const ja = await openBrowser({ locale: "ja" });
  try {
    const page = await ja.context.newPage();
    await page.goto("https://www.rnacys.com/coats");
    const tab = await tabIdOf(ja.context, ja.extensionId, page);
    await waitForBadge(ja.context, ja.extensionId, tab, (b) => b.text === "!", "the warning badge");
    const { text, shadowModes } = await waitForShadow(ja.context, page, "lookalike");
    assert.deepEqual(shadowModes, ["closed"]);
    assert.match(text, /ここは Macy's ではありません/);
    assert.match(text, /Macy's の本物のサイトは macys\.com です/);
    assert.doesNotMatch(text, /This is not|Go to/);
    await page.screenshot({ path: `${ARTIFACTS}chromium-lookalike-ja-page.png` });
    await clickInShadow(ja.context, page, "lookalike", "macys.com へ移動");
    await page.waitForURL("https://macys.com/");
  } finally {
    await closeBrowser(ja);
  }
});
