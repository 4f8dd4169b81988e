// ShopTrip's service worker: registers the browser's listeners at top level
// (so a stopped worker is woken for them), hands every event to the core,
// and carries out its answer. It decides nothing itself.

import { startCore, reopenJournal } from "./worker/core.js";
import { noteRequest, noteHeaders, takeArrival, forgetTab } from "./worker/arrivals.js";
import { showVerdict, timings } from "./worker/badge.js";
import { renderConfirmation } from "./worker/confirmation.js";
import { fromOwnPage, checkMessage } from "./worker/messages.js";

const ready = startCore(timings);
ready.catch((e) => console.error("ShopTrip could not start:", e));

// Exposed for the end-to-end tests and the cold-start figure; read-only use.
ready.then(() => { timings.readyMs = performance.now(); });
globalThis.shoptrip = { ready, timings };

const MAIN_FRAME = { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] };
const headerOptions = ["requestHeaders"];
// Chromium hands out the Referer only with extraHeaders; Firefox has no such option.
if (chrome.webRequest.OnBeforeSendHeadersOptions?.EXTRA_HEADERS) headerOptions.push("extraHeaders");

chrome.webRequest.onBeforeRequest.addListener(noteRequest, MAIN_FRAME);
chrome.webRequest.onBeforeSendHeaders.addListener(noteHeaders, MAIN_FRAME, headerOptions);
chrome.tabs.onRemoved.addListener(forgetTab);

chrome.webNavigation.onCommitted.addListener((details) => {
  if (details.frameId !== 0) return;
  const arrival = takeArrival(details.tabId, details.url);
  handle(() => arrive(details.tabId, details.url, arrival));
});

// Pages that change their URL without loading (single-page shops).
chrome.webNavigation.onHistoryStateUpdated.addListener((details) => {
  if (details.frameId !== 0) return;
  handle(() => arrive(details.tabId, details.url, { referrer: "", hops: [] }));
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const checked = fromOwnPage(sender) ? checkMessage(message) : null;
  if (!checked) return false;
  ready
    .then((core) => answer(core, checked))
    .then(
      (result) => sendResponse({ ok: true, result }),
      (e) => sendResponse({ ok: false, error: String(e?.message ?? e) }),
    );
  return true;
});

function handle(task) {
  ready.then(task).catch((e) => console.error("ShopTrip:", e));
}

async function arrive(tabId, url, { referrer, hops }) {
  const core = await ready;
  const view = core.journal.arrive(core.engine, url, referrer, hops, tabId, Date.now());
  if (view?.saveError) console.warn("ShopTrip could not save:", view.saveError);
  await showVerdict(tabId, view);
  if (view?.landing) await confirm(tabId, view.landing);
}

async function confirm(tabId, landing) {
  const texts = {
    headline: chrome.i18n.getMessage("confirmation", [landing.storeName, landing.offerText]),
    note: chrome.i18n.getMessage("confirmationNote"),
    closeLabel: chrome.i18n.getMessage("close"),
  };
  try {
    await chrome.scripting.executeScript({ target: { tabId }, func: renderConfirmation, args: [texts] });
  } catch (e) {
    // The tab went elsewhere before the page was ready; the badge still says it.
    console.warn("ShopTrip: no confirmation shown:", e.message);
  }
}

async function answer(core, message) {
  const { engine } = core;
  switch (message.type) {
    case "popup": {
      const tab = await chrome.tabs.get(message.tabId);
      const view = tab.url ? core.journal.look(engine, tab.url, Date.now()) : null;
      return { view, store: view && engine.store(view.storeId), program: engine.program };
    }
    case "store": {
      const view = core.journal.lookStore(engine, message.storeId, Date.now());
      return { view, store: view && engine.store(message.storeId), program: engine.program };
    }
    case "search":
      return engine.search(message.query, 20);
    case "estimate": {
      const minor = engine.parseAmount(message.amount);
      return engine.estimate(message.storeId, minor, engine.program);
    }
    case "shop-now":
      return shopNow(core, message.tabId, message.storeId);
    case "options":
      return {
        program: engine.program,
        region: engine.region,
        updated: engine.updated,
        storeCount: engine.storeCount,
        standDowns: core.journal.standDowns(),
        tripCount: core.journal.trips().length,
        problems: core.problems,
        notices: engine.standDownNotices,
      };
  }
  throw new Error(`unknown message ${message.type}`);
}

/** The shopper clicked Shop Now: the trip is stored, then the tab leaves. */
async function shopNow(core, tabId, storeId) {
  const tab = await chrome.tabs.get(tabId);
  const startUrl = tab.url ?? "";
  const trip = core.journal.startTrip(core.engine, storeId, startUrl, tabId, core.engine.program, Date.now());
  try {
    await core.mirror.flush();
  } catch (e) {
    await reopenJournal(core);
    throw new Error(`The trip could not be saved, so ShopTrip did not start it: ${e.message}`);
  }
  const url = core.engine.shopNowUrl(storeId, trip.id, startUrl);
  await chrome.tabs.update(tabId, { url });
  return { tripId: trip.id };
}
