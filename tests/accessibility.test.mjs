// axe-core in the extension's pages (popup on a store and elsewhere, trips,
// settings): no serious or critical violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { openBrowser, closeBrowser, tabIdOf, waitForBadge } from "./support/extension.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let web, context, extensionId;
before(async () => ({ web, context, extensionId } = await openBrowser()));
after(() => closeBrowser({ web, context }));

/** Serious and critical axe violations on `page`. (evaluate runs under CDP, so the pages' CSP is kept.) */
async function violations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("popup, trips and settings pages have no serious or critical axe violation", async () => {
  const store = await context.newPage();
  await store.goto("https://www.macys.com/shop/coats");
  const tab = await tabIdOf(context, extensionId, store);
  await waitForBadge(context, extensionId, tab, (b) => b.text === "6%", "offer");
  const pages = {
    "popup on a store": `popup.html?tab=${tab}`,
    "settings": "options.html?welcome=1",
    "trips": "trips.html",
    "privacy policy": "privacy.html",
  };
  const other = await context.newPage();
  await other.goto("https://www.example.org/");
  pages["popup elsewhere"] = `popup.html?tab=${await tabIdOf(context, extensionId, other)}`;
  for (const [name, path] of Object.entries(pages)) {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(300);
    assert.deepEqual(await violations(page), [], name);
    await page.close();
  }
  // The check can fail: a button with no name is a critical violation.
  const control = await context.newPage();
  await control.goto(`chrome-extension://${extensionId}/options.html`);
  await control.evaluate(() => document.body.append(document.createElement("button")));
  assert.match((await violations(control)).join(), /button-name/);
});
