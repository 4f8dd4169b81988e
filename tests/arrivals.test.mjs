// The worker's record of how a tab arrived (extension/worker/arrivals.js),
// fed the browser events in the orders Chromium and Firefox deliver them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { noteRequest, noteRedirect, noteHeaders, takeArrival, forgetTab } from "../extension/worker/arrivals.js";

const CLICK = "https://www.anrdoezrs.net/click-1-2?url=https%3A%2F%2Fwww.bestbuy.com%2Ftv";
const STORE = "https://www.bestbuy.com/tv";

/** Whether `promise` settles before `ms` pass (the worker waits 1 s at most). */
async function settlesWithin(promise, ms) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  const settled = await Promise.race([promise.then(() => true), late]);
  clearTimeout(timer);
  return settled;
}

function redirectChain(tabId, requestId) {
  noteRequest({ tabId, requestId, url: CLICK });
  noteHeaders({ tabId, requestId, requestHeaders: [{ name: "Referer", value: "https://blog.example/" }] });
  noteRedirect({ tabId, requestId, redirectUrl: STORE });
  noteRequest({ tabId, requestId, url: STORE });
}

test("Chromium's order: the hops are known when the page commits, and nothing waits", async () => {
  redirectChain(1, "r1");
  const pending = takeArrival(1, STORE, { redirected: true });
  assert.ok(await settlesWithin(pending, 500), "no wait");
  assert.deepEqual(await pending, { referrer: "https://blog.example/", hops: [CLICK, STORE] });
  assert.deepEqual(await takeArrival(1, STORE), { referrer: "", hops: [] }, "taken once");
});

test("Firefox's order under load: a redirected page that commits first waits for its hops", async () => {
  const pending = takeArrival(2, `${STORE}#reviews`, { redirected: true });
  await new Promise((resolve) => setTimeout(resolve, 30));
  redirectChain(2, "r2");
  assert.deepEqual((await pending).hops, [CLICK, STORE], "the click host is seen");
});

test("a page reached without a redirect never waits, and one whose hops never come waits a bounded time", async () => {
  const direct = takeArrival(3, "https://www.macys.com/");
  assert.ok(await settlesWithin(direct, 500), "no wait");
  assert.deepEqual(await direct, { referrer: "", hops: [] });
  const redirected = takeArrival(3, STORE, { redirected: true });
  assert.equal(await settlesWithin(redirected, 300), false, "it waits");
  assert.ok(await settlesWithin(redirected, 5_000), "but not for ever");
  assert.deepEqual(await redirected, { referrer: "", hops: [] });
});

test("a wait in vain leaves the tab's next navigation to it, and a closed tab ends the wait", async () => {
  const pending = takeArrival(4, STORE, { redirected: true });
  noteRequest({ tabId: 4, requestId: "next", url: "https://www.macys.com/" });
  assert.deepEqual((await pending).hops, []);
  assert.deepEqual((await takeArrival(4, "https://www.macys.com/")).hops, ["https://www.macys.com/"]);
  const closed = takeArrival(5, STORE, { redirected: true });
  forgetTab(5);
  assert.ok(await settlesWithin(closed, 500), "the wait ends with the tab");
  assert.deepEqual((await closed).hops, []);
});
