// A partner page (or any script on it) attacking the activation prompt the
// way clickjacking works: paint a decoy over it, fade it, move it, re-style
// it, so that the shopper's click on something else lands on Shop Now or
// "Don't show on this site". None of it may start a trip or mute the site;
// a clean click on a plainly visible prompt still works (the control).
// Each case runs on its own store: the prompt shows once per store per session.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import {
  openBrowser, closeBrowser, tabIdOf, waitForBadge, storedState, shadowText, buttonInShadow, askWorker,
  decoyScript, decoyOnceShown,
} from "./support/extension.mjs";

let web, context, extensionId;
before(async () => ({ web, context, extensionId } = await openBrowser()));
after(() => closeBrowser({ web, context }));

async function promptOn(url, badge, attack) {
  const page = await context.newPage();
  // A page script that runs before anything of ShopTrip's can be there.
  if (attack?.beforePrompt) await page.addInitScript(attack.beforePrompt);
  await page.goto(url);
  const tab = await tabIdOf(context, extensionId, page);
  await waitForBadge(context, extensionId, tab, (b) => b.text === badge, badge);
  for (let i = 0; i < 40 && !(await page.locator('[data-shoptrip="prompt"]').count()); i++) await page.waitForTimeout(100);
  assert.equal(await page.locator('[data-shoptrip="prompt"]').count(), 1, "the prompt showed");
  const shop = await buttonInShadow(context, page, "prompt", "Shop Now");
  const mute = await buttonInShadow(context, page, "prompt", "Don't show on this site");
  return { page, tab, shop, mute };
}

/** The shopper clicks where the page lured them: no trip, no mute, the tab stays. */
async function clicksDoNothing(page, points, url, shot) {
  const before = (await storedState(context, extensionId)).trips.length;
  await page.waitForTimeout(1000); // long past the half second a clean prompt needs
  await page.screenshot({ path: `${ARTIFACTS}clickjack-${shot}.png` });
  for (const { x, y } of points) await page.mouse.click(x, y);
  await page.waitForTimeout(800);
  assert.equal((await storedState(context, extensionId)).trips.length, before, "no trip");
  assert.equal(page.url(), url, "the tab stayed");
  const settings = await askWorker(context, extensionId, { type: "settings" });
  assert.deepEqual(settings.result.muted, [], "no site muted");
}

const DECOY_TEXT = "CLAIM YOUR FREE GIFT";

test("a decoy painted over the prompt the moment it appears: clicks through it do nothing", async () => {
  const url = "https://www.target.com/c/lamps";
  // The page watches for the prompt's host and covers it before it is ever painted.
  const watchForPrompt = decoyOnceShown("prompt", DECOY_TEXT);
  const { page, shop, mute } = await promptOn(url, "1.5%", { beforePrompt: watchForPrompt });
  assert.equal(await page.locator("#decoy").count(), 1, "the decoy is up");
  await clicksDoNothing(page, [shop, mute], url, "decoy-at-once");
});

test("a decoy painted over the prompt after it showed: the prompt removes itself", async () => {
  const url = "https://www.sephora.com/shop/skincare";
  const { page, shop, mute } = await promptOn(url, "4%");
  await page.waitForTimeout(900);
  await page.evaluate(decoyScript(DECOY_TEXT));
  assert.equal(await page.locator("#decoy").count(), 1, "the decoy is up");
  await clicksDoNothing(page, [shop, mute], url, "decoy-later");
  assert.equal(await shadowText(context, page, "prompt"), null, "the prompt is gone");
});

test("a prompt made almost transparent removes itself", async () => {
  const url = "https://www.nike.com/w/shoes";
  const { page, shop, mute } = await promptOn(url, "5%");
  await page.evaluate(() => {
    const host = document.querySelector('[data-shoptrip="prompt"]');
    host.style.setProperty("opacity", "0.0001", "important");
    // Something inviting where the invisible Shop Now is.
    const bait = document.createElement("div");
    bait.textContent = "Close this ad ✕";
    bait.style.cssText = "position:fixed;top:60px;right:40px;z-index:1;font:700 20px sans-serif";
    document.body.append(bait);
  });
  await clicksDoNothing(page, [shop, mute], url, "transparent");
  assert.equal(await shadowText(context, page, "prompt"), null);
});

test("a prompt moved and resized by the page removes itself", async () => {
  const url = "https://www.ulta.com/shop/makeup";
  const { page, shop } = await promptOn(url, "4%");
  await page.waitForTimeout(900);
  const moved = await page.evaluate(() => {
    const host = document.querySelector('[data-shoptrip="prompt"]');
    host.style.setProperty("top", "400px", "important");
    host.style.setProperty("width", "10px", "important");
    return host.getBoundingClientRect().top;
  });
  assert.equal(typeof moved, "number");
  await clicksDoNothing(page, [shop, { x: shop.x, y: shop.y + 384 }], url, "moved");
  assert.equal(await shadowText(context, page, "prompt"), null);
});

test("a page that re-styles the prompt's host after it appears: removed", async () => {
  const url = "https://www.wayfair.com/furniture";
  const { page, shop, mute } = await promptOn(url, "5%");
  await page.waitForTimeout(1200);
  await page.evaluate(() => document.querySelector('[data-shoptrip="prompt"]').setAttribute("class", "restyled"));
  await clicksDoNothing(page, [shop, mute], url, "restyled");
  assert.equal(await shadowText(context, page, "prompt"), null);
});

test("control: a plainly visible prompt, clicked by the shopper, starts the trip", async () => {
  const url = "https://www.etsy.com/c/jewelry";
  const { page, tab, shop } = await promptOn(url, "3%");
  const before = (await storedState(context, extensionId)).trips.length;
  await page.waitForTimeout(700);
  await page.mouse.click(shop.x, shop.y);
  await waitForBadge(context, extensionId, tab, (b) => b.text === "ON", "active");
  const { trips } = await storedState(context, extensionId);
  assert.equal(trips.length, before + 1);
  assert.equal(trips.at(-1).storeId, "etsy");
});
