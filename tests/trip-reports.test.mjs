// The trips page shows the publisher's word (issue 22, its page): on the
// fixture publisher's branded build, a trip the publisher reports as
// confirmed shows Confirmed with the publisher's own amount, labelled as
// its; the balance and the payouts show; a reversal shows with its reason.
// The report is applied in the worker as the account's fetch will apply it
// (journal.applyTripReport); the fetch itself is not part of this test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS } from "./support/browser.mjs";
import { browsersForFile, inWorker, openPopup, openTab, storedState, waitForBadge } from "./support/extension.mjs";
import { brandedExtension } from "../tools/package.mjs";
import { PUBLISHER } from "./journeys.mjs";

const file = browsersForFile();

/** Applies a report answer in the worker, as the account's fetch does, and saves. */
function applyReport(context, extensionId, answer) {
  return inWorker(context, extensionId, (text) => globalThis.shoptrip.ready.then(async (core) => {
    const outcome = core.journal.applyTripReport(text, Date.now());
    await core.mirror.flush();
    return outcome;
  }), JSON.stringify(answer));
}

test("the trips page shows what the publisher reported: its status, its amount, the balance, a reversal's reason", async () => {
  await file.withBrowser(async ({ context, extensionId }) => {
    const { tab } = await openTab(context, extensionId, "https://www.macys.com/shop/coats");
    await waitForBadge(context, extensionId, tab, (b) => b.text === "4%", "the publisher's offer");
    const popup = await openPopup(context, extensionId, tab);
    await popup.click('button[data-action="shop-now"]');
    await waitForBadge(context, extensionId, tab, (b) => b.text === "ON", "active");
    const [trip] = (await storedState(context, extensionId)).trips;
    assert.equal(trip.publisher, "example-rewards", "the trip knows its publisher");

    const confirmed = { id: trip.id, status: "confirmed", orderedAt: "2030-06-15T12:30:00Z",
      orderMinor: 12_000, rewardMinor: 720, updated: "2030-06-20T08:00:00Z" };
    const outcome = await applyReport(context, extensionId, { schema: 1, trips: [confirmed],
      balance: { pendingMinor: 0, confirmedMinor: 720, paidMinor: 1500 }, payouts: [{ date: "2030-06-01", amountMinor: 1500 }] });
    assert.deepEqual([outcome.applied, outcome.ignored, outcome.skipped], [1, 0, 0]);

    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`chrome-extension://${extensionId}/trips.html`);
    const row = page.locator(`tr[data-trip="${trip.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-status"), "confirmed");
    const text = await row.innerText();
    assert.match(text, /Confirmed/);
    assert.match(text, /\$120\.00[\s\S]*\$7\.20[\s\S]*as Example Rewards reported/, "the publisher's amounts, as its");
    assert.equal(await page.locator("#chart svg rect").count() > 0, true, "its reward in its order's month");
    assert.doesNotMatch(text, /Add order/, "no order form on a reported trip");
    const ledger = await page.locator("#ledger-card").innerText();
    assert.match(ledger, /Your balance with Example Rewards[\s\S]*Confirmed\s+\$7\.20[\s\S]*Paid\s+\$15\.00/);
    assert.match(ledger, /Jun 1, 2030: \$15\.00/);
    await page.screenshot({ path: `${ARTIFACTS}trips-publisher-confirmed.png`, fullPage: true });

    // A reversal: the order was returned.
    await applyReport(context, extensionId, { schema: 1,
      trips: [{ ...confirmed, status: "ineligible", reason: "Order returned", updated: "2030-06-25T08:00:00Z" }] });
    await page.reload();
    await row.waitFor();
    assert.equal(await row.getAttribute("data-status"), "ineligible");
    assert.match(await row.innerText(), /Ineligible[\s\S]*Example Rewards: Order returned/);
    assert.doesNotMatch(await row.innerText(), /as Example Rewards reported/, "no amount shown as earned");
    assert.match(await page.locator("#payout-line").innerText(), /^\$0\.00 confirmed so far/, "the reversal leaves the payout");
    await page.screenshot({ path: `${ARTIFACTS}trips-publisher-reversal.png`, fullPage: true });
  }, { source: brandedExtension(PUBLISHER), fixtureCatalogs: false });
});
