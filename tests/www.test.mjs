// The web page in www/ runs the same core in real Chromium.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { serveDirectory } from "./support/static-server.mjs";
import { launch, ARTIFACTS } from "./support/browser.mjs";
import { TEST_NOW } from "./support/clock.mjs";

let server, context, base;
before(async () => {
  // The page with the fixture catalogs, on the tests' clock (TEST_NOW).
  ({ server, url: base } = await serveDirectory(new URL("../www/", import.meta.url).pathname,
    { "/catalogs/": new URL("./fixtures/catalogs/", import.meta.url).pathname }));
  context = await launch();
  await context.clock.setFixedTime(TEST_NOW);
});
after(async () => {
  await context?.close();
  server?.close();
});

test("the playground matches, estimates and keeps demo trips across reloads", async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base);
  assert.match(await page.locator('[data-shoptrip="demo"]').innerText(), /Demo: the catalog's offers are samples and nothing here is earned/);
  await page.waitForSelector("body[data-ready=true]");

  const result = page.locator("#match-result");
  await assert.doesNotReject(result.getByText("Macy's").waitFor());
  assert.match(await result.innerText(), /6%\s*Macy's — Up to 6% Cash Back/);
  assert.match(await result.innerText(), /may offer activation/);

  await page.fill("#url", "https://www.macys.com/?cjevent=abc");
  await page.click("#match-form button");
  assert.match(await result.innerText(), /Standing down until .*Commission Junction/);

  await page.fill("#url", "https://macys.com.evil.example/");
  await page.click("#match-form button");
  assert.match(await result.innerText(), /Not a partner store page/);

  await page.selectOption("#estimate-store", "macys");
  await page.fill("#subtotal", "20.00");
  await page.click("#estimate-form button");
  assert.match(await page.locator("#estimate-result").innerText(), /\$1\.20 estimated/);
  await page.selectOption("#program", "membership_rewards");
  await page.click("#estimate-form button");
  assert.match(await page.locator("#estimate-result").innerText(), /120 MR points/);

  await page.click("#clear-trips");
  await page.fill("#url", "https://www.macys.com/shop");
  await page.click("#match-form button");
  await page.click("#start-trip");
  const rows = page.locator("#trips tbody tr");
  assert.equal(await rows.count(), 1);
  await rows.first().locator("input").fill("20.00");
  await rows.first().getByRole("button", { name: "Record order" }).click();
  assert.match(await rows.first().innerText(), /ordered\s+\$20\.00\s+\$1\.20/);
  assert.equal(await rows.first().getByRole("button", { name: "Mark confirmed" }).count(), 0,
    "the core offers only the steps the lifecycle allows");

  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await rows.count(), 1, "the trip survives a reload");
  assert.match(await rows.first().innerText(), /Macy's.*ordered/s);
  await rows.first().getByRole("button", { name: "Mark pending" }).click();
  assert.match(await rows.first().innerText(), /pending/);

  await page.selectOption("#region", "JP");
  assert.match(await result.innerText(), /ヨドバシ.com — 1% ポイント還元/);
  await page.screenshot({ path: `${ARTIFACTS}www-playground.png`, fullPage: true });
  assert.deepEqual(errors, []);
});
