// Hostile input, end to end: a catalog full of markup shows as text; a page
// that rewrites or fakes the prompt cannot start a trip.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import {
  openBrowser, closeBrowser, tabIdOf, waitForBadge, storedState, askWorker, shadowText,
} from "./support/extension.mjs";

let web, context, extensionId;
before(async () => ({ web, context, extensionId } = await openBrowser()));
after(() => closeBrowser({ web, context }));

test("a page that removes, rewrites or fakes the prompt cannot start a trip", async () => {
  const before = (await storedState(context, extensionId)).trips.length;
  const page = await context.newPage();
  await page.goto("https://www.kohls.com/catalog");
  const tab = await tabIdOf(context, extensionId, page);
  await waitForBadge(context, extensionId, tab, (b) => b.text === "4%", "offer");
  for (let i = 0; i < 20 && !(await shadowText(context, page, "prompt")); i++) await page.waitForTimeout(100);
  // The page takes the host away and puts up its own look-alike with a real button.
  await page.evaluate(() => {
    const real = document.querySelector('[data-shoptrip="prompt"]');
    real.remove();
    const fake = document.createElement("div");
    fake.setAttribute("data-shoptrip", "prompt");
    fake.innerHTML = '<button id="fake" style="position:fixed;top:20px;left:20px;width:200px;height:60px">Shop Now</button>';
    document.body.append(fake);
    fake.querySelector("button").addEventListener("click", () => {
      // Whatever a page script can reach: none of it is the extension's.
      window.postMessage({ type: "prompt-action", action: "shop-now", token: "0".repeat(32) }, "*");
      if (globalThis.chrome?.runtime?.sendMessage) chrome.runtime.sendMessage({ type: "shop-now" });
    });
    real.setAttribute("data-shoptrip", "prompt");
    document.body.append(real);
    real.style.display = "none";
  });
  await page.mouse.click(120, 50);
  await page.waitForTimeout(500);
  assert.equal((await storedState(context, extensionId)).trips.length, before, "no trip");
  assert.equal(page.url(), "https://www.kohls.com/catalog");
});

test("a catalog full of markup shows as text in the popup, search and trips page", async () => {
  const reply = await askWorker(context, extensionId, { type: "set-feed", url: "https://feeds.shoptrip.test/hostile.json" });
  assert.equal(reply.result.feedError, undefined, JSON.stringify(reply));
  const store = await context.newPage();
  await store.goto("https://www.markup.example/");
  const tab = await tabIdOf(context, extensionId, store);
  await waitForBadge(context, extensionId, tab, (b) => b.text === "5%", "offer");
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
  await popup.locator("#store:not([hidden])").waitFor();
  await popup.locator("#categories-box summary").click();
  await popup.locator("#exclusions-box summary").click();
  assert.equal(await popup.locator("#store-name").innerText(), `<img src=x onerror="document.title='pwned'">Markup & Co`);
  const text = await popup.locator("main").innerText();
  for (const literal of ["<b>Bold</b>", "<script>document.title='pwned'</script>", "<i>SAVE</i>", "<a href=javascript:alert(1)>click</a>"]) {
    assert.ok(text.includes(literal), literal);
  }
  assert.equal(await popup.locator("main img, main script, main b, main i, main a[href^=javascript]").count(), 0);
  assert.notEqual(await popup.title(), "pwned");
  await popup.screenshot({ path: `${ARTIFACTS}popup-markup.png` });

  // The in-page prompt shows the name as text too.
  const prompt = await shadowText(context, store, "prompt");
  assert.ok(prompt?.text.includes("<img src=x"), JSON.stringify(prompt));
  assert.notEqual(await store.title(), "pwned");

  const other = await context.newPage();
  await other.goto("https://www.example.org/");
  const search = await context.newPage();
  await search.goto(`chrome-extension://${extensionId}/popup.html?tab=${await tabIdOf(context, extensionId, other)}`);
  await search.fill("#query", "markup");
  await search.locator("#results button").first().waitFor();
  assert.match(await search.locator("#results").innerText(), /<img src=x/);
  assert.equal(await search.locator("#results img").count(), 0);

  await popup.click('button[data-action="shop-now"]');
  await waitForBadge(context, extensionId, tab, (b) => b.text === "ON", "active");
  const trips = await context.newPage();
  await trips.goto(`chrome-extension://${extensionId}/trips.html`);
  await trips.locator("#trips tr").first().waitFor();
  assert.match(await trips.locator("#trips").innerText(), /<img src=x/);
  assert.equal(await trips.locator("#trips img").count(), 0);
  // Without a feed, the shipped catalog is back.
  const cleared = await askWorker(context, extensionId, { type: "set-feed", url: null });
  assert.ok(cleared.ok);
  const again = await context.newPage();
  await again.goto("https://www.macys.com/");
  await waitForBadge(context, extensionId, await tabIdOf(context, extensionId, again), (b) => b.text === "6%", "bundled catalog");
});
