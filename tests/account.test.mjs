// The linked account when the publisher misbehaves (issue 22's faults), on
// the fixture publisher's build in Chromium against the reference publisher
// (tests/reference-publisher/), turned hostile case by case:
//   - a trip report that is bad in any way leaves every trip as it was, and
//     the settings say why; a valid one with bad entries skips just those;
//   - 401 renews the token once, then asks the member to sign in again;
//     429/503 wait for Retry-After; 500 backs off, across a worker restart;
//   - a token endpoint that refuses the code, or a redirect with another
//     state, links nothing;
//   - "Delete all data" revokes the tokens;
//   - a page, or a content script, cannot start a sign-in, read a token, or
//     hand the worker a report.
// The journey in both browsers is journeys.mjs's "a linked account".
import { test } from "node:test";
import assert from "node:assert/strict";
import { askWorker, browsersForFile, inWorker, openPopup, openTab, stopWorker, storedState, waitForBadge } from "./support/extension.mjs";
import { brandedExtension } from "../tools/package.mjs";
import { ARTIFACTS } from "./support/browser.mjs";
import { PUBLISHER } from "./journeys.mjs";
import { MEMBER } from "./reference-publisher/publisher.mjs";

const file = browsersForFile();
const BRANDED = { source: brandedExtension(PUBLISHER), fixtureCatalogs: false };
const LINK = '[data-action="link-account"]:not([hidden])';

/** Opens the settings, clicks "Link", and signs in on the publisher's page; returns the settings page. */
async function signIn(context, extensionId) {
  const settings = await context.newPage();
  await settings.goto(`chrome-extension://${extensionId}/options.html`);
  await settings.locator(LINK).waitFor();
  const opened = context.waitForEvent("page", {
    predicate: (p) => p.url().includes("/oauth/authorize") || p.url() === "about:blank", timeout: 15_000,
  });
  await settings.click(LINK);
  const page = await opened;
  await page.waitForURL(/\/oauth\/authorize/);
  await page.fill("#username", MEMBER.username);
  await page.fill("#password", MEMBER.password);
  await page.click("#sign-in").catch(() => {}); // the window closes as it redirects
  return settings;
}

// Run in the worker: the tokens it keeps in its IndexedDB, or null.
function readTokens() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("shoptrip-account", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("tokens");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction("tokens").objectStore("tokens").get("tokens");
      get.onsuccess = () => {
        open.result.close();
        resolve(get.result ?? null);
      };
    };
  });
}

async function account(context, extensionId) {
  const reply = await askWorker(context, extensionId, { type: "account" });
  return reply.result;
}

async function until(read, ok, what, ms = 20_000) {
  let last;
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    last = await read();
    if (ok(last)) return last;
  }
  throw new Error(`never ${what}; last ${JSON.stringify(last)}`);
}

const linked = (context, extensionId) =>
  until(() => account(context, extensionId), (a) => a.state === "linked" && a.lastReport, "linked with a first report");

/** A trip started with Shop Now on Macy's. */
async function shopNow(context, extensionId) {
  const { tab } = await openTab(context, extensionId, "https://www.macys.com/shop/coats");
  await waitForBadge(context, extensionId, tab, (b) => b.text === "4%", "the offer");
  const popup = await openPopup(context, extensionId, tab);
  await popup.click('button[data-action="shop-now"]');
  await waitForBadge(context, extensionId, tab, (b) => b.text === "ON", "active");
  return (await storedState(context, extensionId)).trips[0];
}

/**
 * Asks for a report now: the account is marked linked anew (its tokens
 * stay), which starts the schedule over, so the last case's backoff does
 * not hold this one back.
 */
async function askNow(context, extensionId) {
  await inWorker(context, extensionId, () => globalThis.shoptrip.ready.then(async (core) => {
    core.journal.accountLinked(Date.now());
    await core.mirror.flush();
  }));
  const reply = await askWorker(context, extensionId, { type: "refresh-reports" });
  assert.ok(reply.ok, JSON.stringify(reply));
  return reply.result;
}

test("a trip report that is bad in any way changes no trip, and the settings say why; bad entries of a good one are skipped", async () => {
  const { publisher } = file.web;
  await file.withBrowser(async ({ context, extensionId }) => {
    await signIn(context, extensionId);
    await linked(context, extensionId);
    const trip = await shopNow(context, extensionId);
    publisher.report(trip.id, { status: "confirmed", orderedAt: "2030-06-15T12:30:00Z", orderMinor: 12_000, rewardMinor: 520 });
    assert.equal((await askNow(context, extensionId)).lastReport.applied, 1);
    const before = (await storedState(context, extensionId)).trips;
    assert.equal(before[0].status, "confirmed");

    const cases = [
      ["trips:not-json", /not valid JSON/],
      ["trips:schema-2", /schema 2 is not schema 1/],
      ["trips:wrong-type", /rewardMinor/],
      ["trips:negative", /rewardMinor/],
      ["trips:repeated-key", /not valid JSON.*schema/],
      ["trips:huge", /is \d+ bytes; the limit is 1 MB/],
      ["trips:huge-chunked", /is larger than the limit of 1 MB/],
      ["trips:hang", /did not arrive within 15 seconds/],
      ["trips:redirect", /could not be reached/],
      ["trips:500", /answered HTTP 500/],
    ];
    for (const [mode, why] of cases) {
      publisher.calm();
      publisher.misbehave(mode);
      const seen = file.web.log.length;
      const after = await askNow(context, extensionId);
      assert.match(after.lastReport.problem ?? "", why, mode);
      assert.deepEqual((await storedState(context, extensionId)).trips, before, `${mode}: every trip as it was`);
      if (mode === "trips:redirect") {
        assert.deepEqual(file.web.log.slice(seen).filter((r) => r.host === "www.example.org"), [], "the redirect is not followed");
      }
    }

    // A good document with one bad entry: only that entry is left out.
    for (const [mode, count] of [["trips:backwards", "skipped"], ["trips:unasked", "ignored"]]) {
      publisher.calm();
      publisher.misbehave(mode);
      const after = await askNow(context, extensionId);
      assert.equal(after.lastReport.problem, undefined, mode);
      assert.equal(after.lastReport[count], 1, `${mode}: counted as ${count}`);
      assert.equal(after.lastReport.problems.length, 1, mode);
      assert.equal((await storedState(context, extensionId)).trips[0].status, "confirmed", mode);
    }
    // The settings list them.
    const settings = await context.newPage();
    await settings.goto(`chrome-extension://${extensionId}/options.html`);
    await settings.locator("#account-skipped:not([hidden])").waitFor();
    assert.match(await settings.locator("#account-skipped").innerText(), /^Entries of the last report that were not used: 1\./);
    assert.match(await settings.locator("#account-problems").innerText(), /trips\[\d\]/);
    await settings.screenshot({ path: `${ARTIFACTS}chromium-account-skipped.png`, fullPage: true });
    publisher.calm();
  }, BRANDED);
});

test("401 renews the token once, then asks to sign in again; 429 waits for Retry-After; 500 backs off, across a worker restart", async () => {
  const { publisher } = file.web;
  await file.withBrowser(async ({ context, extensionId }) => {
    publisher.calm();
    await signIn(context, extensionId);
    await linked(context, extensionId);
    await shopNow(context, extensionId);

    // 500: the next request waits 15 minutes, even for Refresh, and a new worker still waits.
    publisher.misbehave("trips:500");
    const failed = await askNow(context, extensionId);
    assert.equal(failed.nextReportMs - failed.lastReport.atMs, 15 * 60_000);
    const asked = publisher.asked.length;
    assert.ok((await askWorker(context, extensionId, { type: "refresh-reports" })).ok);
    await stopWorker(context, extensionId);
    assert.ok((await askWorker(context, extensionId, { type: "refresh-reports" })).ok);
    assert.equal(publisher.asked.length, asked, "not asked again during the backoff, before or after the restart");
    assert.equal((await storedState(context, extensionId)).reportSchedule.failures, 1);

    // 429 and 503 with Retry-After: 3600.
    for (const mode of ["trips:429", "trips:503"]) {
      publisher.calm();
      publisher.misbehave(mode);
      const busy = await askNow(context, extensionId);
      assert.equal(busy.nextReportMs - busy.lastReport.atMs, 3_600_000, mode);
    }

    // 401: one renewal with the refresh token, then "sign in again".
    publisher.calm();
    publisher.misbehave("trips:401");
    const grants = publisher.grants.length;
    const refused = await askNow(context, extensionId);
    assert.deepEqual(publisher.grants.slice(grants), ["refresh_token"], "renewed once");
    assert.equal(refused.state, "sign-in-again");
    const settings = await context.newPage();
    await settings.goto(`chrome-extension://${extensionId}/options.html`);
    await settings.locator(LINK).waitFor();
    assert.equal(await settings.locator(LINK).innerText(), "Sign in again");
    assert.match(await settings.locator("#account-state").innerText(), /no longer accepts this link/);
    await settings.screenshot({ path: `${ARTIFACTS}chromium-account-sign-in-again.png`, fullPage: true });
    const quiet = publisher.asked.length;
    assert.ok((await askWorker(context, extensionId, { type: "refresh-reports" })).ok);
    assert.equal(publisher.asked.length, quiet, "nothing is asked until the member signs in");
    publisher.calm();
  }, BRANDED);
});

test("a refused code, or a redirect with another state, links nothing", async () => {
  const { publisher } = file.web;
  await file.withBrowser(async ({ context, extensionId }) => {
    for (const [mode, why] of [
      ["token:refuse-code", /refused the sign-in \(HTTP 400\): nothing was linked/],
      ["authorize:wrong-state", /its state does not match\): nothing was linked/],
    ]) {
      publisher.calm();
      publisher.misbehave(mode);
      const grants = publisher.grants.length;
      const settings = await signIn(context, extensionId);
      await settings.locator("#account-error:not([hidden])").waitFor();
      assert.match(await settings.locator("#account-error").innerText(), why, mode);
      assert.equal((await account(context, extensionId)).state, "signed-out", mode);
      const kept = await inWorker(context, extensionId, readTokens);
      assert.equal(kept, null, `${mode}: no tokens kept`);
      if (mode === "authorize:wrong-state") {
        assert.deepEqual(publisher.grants.slice(grants), [], "an attacker's code is never exchanged");
      }
      await settings.close();
    }
    publisher.calm();
  }, BRANDED);
});

test("Delete all data revokes the tokens at the publisher", async () => {
  const { publisher } = file.web;
  await file.withBrowser(async ({ context, extensionId }) => {
    publisher.calm();
    await signIn(context, extensionId);
    await linked(context, extensionId);
    const { refresh } = await inWorker(context, extensionId, readTokens);
    assert.equal(publisher.tokensLive(refresh), true);
    const revoked = publisher.revoked.length;
    assert.ok((await askWorker(context, extensionId, { type: "reset" })).ok);
    assert.deepEqual(publisher.revoked.slice(revoked).map((r) => r.hint), ["refresh_token", "access_token"]);
    assert.equal(publisher.tokensLive(refresh), false, "no token of that sign-in works any more");
    assert.equal(await inWorker(context, extensionId, readTokens), null);
    assert.equal((await account(context, extensionId)).state, "signed-out");
  }, BRANDED);
});

test("a page or a content script cannot start a sign-in, read a token, or hand the worker a report", async () => {
  const { publisher } = file.web;
  await file.withBrowser(async ({ context, extensionId }) => {
    publisher.calm();
    await signIn(context, extensionId);
    await linked(context, extensionId);
    const trip = await shopNow(context, extensionId);
    const { page, tab } = await openTab(context, extensionId, "https://www.macys.com/shop/hostile");
    const seen = file.web.log.length;
    const grants = publisher.grants.length;

    // The page: no way to reach the extension, and the tokens are not in its origin's storage.
    const fromPage = await page.evaluate(async (id) => {
      const sent = await new Promise((resolve) => {
        try {
          chrome.runtime.sendMessage(id, { type: "link-account" }, () => resolve("answered"));
        } catch (e) {
          resolve(`refused: ${e.message}`);
        }
        setTimeout(() => resolve("no answer"), 1000);
      }).catch((e) => `refused: ${e.message}`);
      return { sent, databases: (await indexedDB.databases()).map((d) => d.name) };
    }, extensionId).catch((e) => ({ sent: `refused: ${e.message}`, databases: [] }));
    assert.notEqual(fromPage.sent, "answered");
    assert.ok(!fromPage.databases.includes("shoptrip-account"));

    // A content script of the extension in that page, as if the page had subverted it.
    const forged = JSON.stringify({ schema: 1, trips: [{ id: trip.id, status: "confirmed", rewardMinor: 999_999, updated: "2030-06-16T00:00:00Z" }] });
    const fromScript = await inWorker(context, extensionId, async ({ tabId, forged }) => {
      const [result] = await chrome.scripting.executeScript({
        target: { tabId },
        args: [forged],
        func: async (report) => {
          const replies = [];
          for (const message of [{ type: "link-account" }, { type: "sign-out" }, { type: "refresh-reports" },
            { type: "account" }, { type: "apply-report", json: report }]) {
            replies.push(await chrome.runtime.sendMessage(message).catch((e) => `refused: ${e.message}`));
          }
          const databases = (await indexedDB.databases()).map((d) => d.name);
          const stored = JSON.stringify(await chrome.storage.local.get(null).catch(() => ({})));
          return { replies, databases, stored };
        },
      });
      return result.result;
    }, { tabId: tab, forged });
    // The worker answers none of them (sendMessage resolves with nothing).
    assert.ok(fromScript.replies.every((r) => r == null || String(r).startsWith("refused")), JSON.stringify(fromScript.replies));
    assert.ok(!fromScript.databases.includes("shoptrip-account"), "the tokens' database is not in the page's origin");
    const tokens = await inWorker(context, extensionId, readTokens);
    assert.ok(tokens.access && !fromScript.stored.includes(tokens.access) && !fromScript.stored.includes(tokens.refresh),
      "no token in any storage a content script can read");

    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(file.web.log.slice(seen).filter((r) => r.host.endsWith(".example-rewards.test")), [],
      "no sign-in, no sign-out, no report request");
    assert.deepEqual(publisher.grants.slice(grants), []);
    assert.equal((await account(context, extensionId)).state, "linked");
    const after = (await storedState(context, extensionId)).trips.find((t) => t.id === trip.id);
    assert.equal(after.status, "activated", "the forged report changed nothing");
  }, BRANDED);
});
