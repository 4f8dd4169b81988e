// ShopTrip's service worker: registers the browser's listeners at top level
// (so a stopped worker is woken for them), hands every event to the core,
// and carries out its answer. It decides nothing itself.
//
// ./build.sh bundles and minifies this module and its imports into
// ../background.js, the file the manifest names: a cold worker then reads one
// small script, not a dozen.

import { startCore, reopenJournal, loadCatalog, saveSession, wasmMemoryBytes } from "./core.js";
import { noteRequest, noteRedirect, noteHeaders, takeArrival, forgetTab } from "./arrivals.js";
import { showVerdict, timings, firstBadge } from "./badge.js";
import { renderCard } from "./page-card.js";
import { readSubtotal } from "./order-page.js";
import { storeCookieNames } from "./cookie-names.js";
import { issueToken, redeemToken, dropToken } from "./prompt-tokens.js";
import { fromOwnPage, checkMessage, checkPromptMessage } from "./messages.js";
import { refreshFeed, changeFeed } from "./feed.js";
import { forgetCatalog, readFeed } from "./catalog-cache.js";
import { collectResultLinks, renderLabels } from "./search-labels.js";
import { trackingReason } from "../pages/shared.js";
import { watchTab, watchOf, unwatch, resumeWatches } from "./tracking-watch.js";
import { lookalikeOf, showLookalikeBadge, lookalikeCard, LOOKALIKE_ACTIONS } from "./lookalike.js";
import { linkAccount, signOut, askForTripReport, scheduleTripReports, REPORT_ALARM } from "./account.js";

timings.script = globalThis.shoptripScriptStart;
const ready = startCore(timings);
ready.catch((e) => console.error("ShopTrip could not start:", e));

// Exposed for the end-to-end tests and the cold-start figure; read-only use.
ready.then(() => { timings.readyMs = performance.now(); });
globalThis.shoptrip = { ready, timings, wasmMemoryBytes };

const MAIN_FRAME = { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] };
const headerOptions = ["requestHeaders"];
// Chromium hands out the Referer only with extraHeaders; Firefox has no such option.
if (chrome.webRequest.OnBeforeSendHeadersOptions?.EXTRA_HEADERS) headerOptions.push("extraHeaders");

chrome.webRequest.onBeforeRequest.addListener(noteRequest, MAIN_FRAME);
chrome.webRequest.onBeforeRedirect.addListener(noteRedirect, MAIN_FRAME);
chrome.webRequest.onBeforeSendHeaders.addListener(noteHeaders, MAIN_FRAME, headerOptions);
chrome.tabs.onRemoved.addListener((tabId) => {
  forgetTab(tabId);
  dropToken(tabId).catch((e) => console.warn("ShopTrip: a closed tab's token:", e.message));
});

// After Shop Now: what the browser reports of the tab's way through the
// tracking link. A blocker's refusal shows in webRequest and in
// webNavigation depending on the browser; the core records a failure once.
const reportError = ({ tabId, url, error }) => {
  handle(() => trackingReport(tabId, (core, tripId) =>
    core.journal.trackingError(core.engine, tripId, url, error, Date.now())));
};
chrome.webRequest.onErrorOccurred.addListener(reportError, MAIN_FRAME);
chrome.webNavigation.onErrorOccurred.addListener((details) => {
  if (details.frameId === 0) reportError(details);
});
chrome.webRequest.onHeadersReceived.addListener(({ tabId, url, statusCode }) => {
  if (statusCode < 400) return;
  handle(() => trackingReport(tabId, (core, tripId) =>
    core.journal.trackingStatus(core.engine, tripId, url, statusCode, Date.now())));
}, MAIN_FRAME);

chrome.webNavigation.onCommitted.addListener((details) => {
  if (details.frameId !== 0) return;
  const redirected = details.transitionQualifiers?.includes("server_redirect") ?? false;
  const arrival = takeArrival(details.tabId, details.url, { redirected });
  handle(async () => {
    // The shopper went elsewhere themselves while the tracking link loaded
    // (typed an address, a bookmark, back or forward): no longer ShopTrip's
    // hop to follow, and never a reason to pull the tab back. The badge
    // does not wait for it; the arrival's own look at the watch does.
    const stopped = shopperNavigated(details) ? stopFollowing(details.tabId) : undefined;
    await arrive(details.tabId, details.url, await arrival, stopped);
  });
});

const SHOPPER_TRANSITIONS = new Set(["typed", "auto_bookmark", "generated", "keyword", "keyword_generated", "reload", "start_page"]);
function shopperNavigated({ transitionType, transitionQualifiers = [] }) {
  return SHOPPER_TRANSITIONS.has(transitionType) || transitionQualifiers.includes("forward_back");
}

async function stopFollowing(tabId) {
  const watch = await watchOf(tabId);
  if (watch) await unwatch(tabId, watch);
}

// Pages that change their URL without loading (single-page shops).
chrome.webNavigation.onHistoryStateUpdated.addListener((details) => {
  if (details.frameId !== 0) return;
  handle(() => arrive(details.tabId, details.url, { referrer: "", hops: [] }));
});

// The catalog feed is checked now and then; the core fetches at most daily.
const FEED_ALARM = "shoptrip-feed";
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === FEED_ALARM) handle(refreshFeed);
  // The linked account's trip report, when the core's schedule says.
  if (alarm.name === REPORT_ALARM) handle((core) => askForTripReport(core, { askedByMember: false }));
});
// What no badge waits for runs once the first badge is out, or shortly
// after the start when the worker was woken for something else.
const afterFirstBadge = ready.then((core) => Promise.race([firstBadge, sleep(300)]).then(() => core));
afterFirstBadge.then(() => resumeWatches(trackingTimeout))
  .catch((e) => console.error("ShopTrip: tracking watch:", e));
afterFirstBadge.then(async (core) => {
  await core.snapshotDue?.();
  core.snapshotDue = null;
}).catch((e) => console.error("ShopTrip: catalog snapshot:", e));
// Start URLs kept by older versions, checked against the catalog.
afterFirstBadge.then(async (core) => {
  if (core.journal.tidyStartUrls(core.engine) > 0) await core.mirror.flush();
}).catch((e) => console.error("ShopTrip: start URLs:", e));
// Alarms do not outlive a Firefox restart; the schedule, in the core, does.
afterFirstBadge.then(scheduleTripReports).catch((e) => console.error("ShopTrip: trip reports:", e));
afterFirstBadge.then(async (core) => {
  if (!(await chrome.alarms.get(FEED_ALARM))) chrome.alarms.create(FEED_ALARM, { periodInMinutes: 180 });
  await refreshFeed(core);
}).catch((e) => console.error("ShopTrip: catalog feed:", e));

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

chrome.runtime.onInstalled.addListener(({ reason }) => {
  // First run: the shopper chooses the reward program.
  if (reason === "install") chrome.tabs.create({ url: "options.html?welcome=1" });
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!fromOwnPage(sender)) {
    const prompt = checkPromptMessage(message, sender);
    if (prompt) handle(() => promptAction(prompt));
    return false;
  }
  const checked = checkMessage(message);
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

async function arrive(tabId, url, { referrer, hops }, watchStopped) {
  const core = await ready;
  timings.arriveStart ??= performance.now();
  const cookieNames = await cookieNamesOnStores(core, tabId, url);
  timings.cookies ??= performance.now();
  const view = core.journal.arrive(core.engine, url, referrer, hops, tabId, Date.now(), cookieNames);
  timings.verdict ??= performance.now();
  if (view?.saveError) console.warn("ShopTrip could not save:", view.saveError);
  await showVerdict(tabId, view);
  await watchStopped;
  const watch = await watchOf(tabId);
  // On the store: the tracking link did its work (or was bypassed).
  if (watch && view?.storeId === watch.storeId) await unwatch(tabId, watch);
  const notice = core.journal.takeTrackingNotice(core.engine, tabId, url, Date.now());
  if (notice) {
    await core.mirror.flush();
    await trackingNotice(tabId, url, notice);
    return;
  }
  if (!view) {
    const lookalike = await lookalikeOf(core, url).catch((e) => console.warn("ShopTrip: lookalike check:", e.message));
    if (lookalike) {
      await showLookalikeBadge(tabId, lookalike);
      if (core.journal.firstLookalikeWarning(url)) {
        await saveSession(core);
        const token = await issueToken(tabId, lookalike.storeId, url, LOOKALIKE_ACTIONS);
        await inPage(tabId, renderCard, [lookalikeCard(lookalike, token)]);
      }
      return;
    }
    if (core.journal.wantsSearchLabels(url)) await labelResults(core, tabId);
    return;
  }
  if (view.landing) await confirm(core, tabId, view.landing);
  if (view.prompt) await prompt(core, tabId, url, view);
  if (view.orderCapture) await captureOrder(core, tabId, view.orderCapture);
}

/** Cookie names are read on partner stores only (./cookie-names.js). */
async function cookieNamesOnStores(core, tabId, url) {
  return core.engine.matchUrl(url) ? storeCookieNames(tabId, url) : [];
}

async function inPage(tabId, func, args) {
  try {
    const [result] = await chrome.scripting.executeScript({ target: { tabId }, func, args });
    return result?.result ?? null;
  } catch (e) {
    // The tab went elsewhere before the page was ready.
    console.warn("ShopTrip: nothing shown in the page:", e.message);
    return null;
  }
}

async function prompt(core, tabId, url, view) {
  await saveSession(core);
  const token = await issueToken(tabId, view.storeId, url, ["shop-now", "dismiss", "mute"]);
  // "Activate up to 6% Cash Back": the offer text continues the sentence.
  const publisher = core.journal.publisher();
  // The demo offers a demo trip, never a reward: its offers are samples.
  const headline = publisher.demo
    ? chrome.i18n.getMessage("promptHeadlineDemo", [view.storeName])
    : chrome.i18n.getMessage("promptHeadline", [view.offer.text.replace(/^Up to /, "up to ")]);
  await inPage(tabId, renderCard, [{
    kind: "prompt", accent: publisher.color, mark: null, role: "dialog",
    top: `${publisher.name} · ${view.storeName}`, headline,
    lines: publisher.demo ? [chrome.i18n.getMessage("demoNothingEarned")] : [],
    actions: [
      { text: chrome.i18n.getMessage("popupShopNow"), action: "shop-now", primary: true, guarded: true },
      { text: chrome.i18n.getMessage("promptDismiss"), action: "dismiss", primary: false, guarded: false },
      { text: chrome.i18n.getMessage("promptMute"), action: "mute", primary: false, guarded: true },
    ],
    fallback: chrome.i18n.getMessage("promptOpenShopTrip"),
    closeLabel: chrome.i18n.getMessage("close"),
    token,
  }]);
}

/** Offer labels beside the partner stores among a search page's results. */
async function labelResults(core, tabId) {
  const hrefs = await inPage(tabId, collectResultLinks, []);
  if (!Array.isArray(hrefs) || hrefs.length === 0) return;
  const labels = core.journal.searchLabels(core.engine, hrefs.filter((h) => typeof h === "string").slice(0, 100));
  if (!labels.some(Boolean)) return;
  const { name, color, demo } = core.journal.publisher();
  await inPage(tabId, renderLabels, [labels, { name, color, prefix: demo ? chrome.i18n.getMessage("labelDemo") : "" }]);
}

/** A click in the prompt or the tracking notice, with the token issued for its tab. */
async function promptAction({ action, token, tabId }) {
  const issued = await redeemToken(tabId, token, action);
  if (!issued) return;
  const core = await ready;
  if (action === "shop-now" || action === "retry") await shopNow(core, tabId, issued.storeId);
  if (action === "mute") {
    core.journal.mute(issued.origin);
    await core.mirror.flush();
  }
  if (action === "go-real" || action === "trust") await onLookalike(core, tabId, `${issued.origin}/`, action);
}

/** "Go to <the real domain>" or "I trust this site", from the page's warning or the popup. */
async function onLookalike(core, tabId, url, action) {
  const found = await lookalikeOf(core, url);
  if (!found) return null;
  if (action === "go-real") {
    await chrome.tabs.update(tabId, { url: `https://${found.domain}/` });
  } else {
    core.journal.trustSite(url);
    await core.mirror.flush();
    await showVerdict(tabId, null);
  }
  return found;
}

/** A report on a followed tab: the core says whether the tracking link failed. */
async function trackingReport(tabId, report) {
  const watch = await watchOf(tabId);
  if (!watch) return;
  const core = await ready;
  const failure = report(core, watch.tripId);
  if (!failure) return;
  await unwatch(tabId, watch);
  await core.mirror.flush();
  // Never left on an error page because of ShopTrip: back where Shop Now was clicked.
  await chrome.tabs.update(tabId, { url: failure.startUrl }).catch((e) =>
    console.warn("ShopTrip: the tab could not be sent back:", e.message));
}

function trackingTimeout(tabId, watch) {
  handle(() => trackingReport(tabId, (core) =>
    core.journal.trackingTimeout(core.engine, watch.tripId, Date.now())));
}


/** The notice on the page the shopper was sent back to, with Try again. */
async function trackingNotice(tabId, url, notice) {
  const token = await issueToken(tabId, notice.storeId, url, ["retry", "dismiss"]);
  const reason = trackingReason(notice);
  const lines = [chrome.i18n.getMessage("trackingFailedNote")];
  if (notice.reason === "blocked" && notice.host) lines.push(chrome.i18n.getMessage("trackingBlockerHelp", [notice.host]));
  await inPage(tabId, renderCard, [{
    kind: "tracking-failed", accent: "#b26200", mark: "!", role: "alert", top: null,
    headline: chrome.i18n.getMessage("trackingFailedHeadline", [notice.storeName, reason]),
    lines,
    actions: [{ text: chrome.i18n.getMessage("trackingTryAgain"), action: "retry", primary: true, guarded: true }],
    fallback: chrome.i18n.getMessage("trackingOpenShopTrip"),
    closeLabel: chrome.i18n.getMessage("close"),
    token,
  }]);
}

/** The store's order page with a trip on: the subtotal is read in the page, kept on the device. */
async function captureOrder(core, tabId, { tripId, selector }) {
  const text = await inPage(tabId, readSubtotal, [selector]);
  if (typeof text !== "string" || !text) return;
  try {
    const minor = core.engine.parseAmount(text);
    core.journal.recordOrder(core.engine, tripId, minor, undefined, "page", Date.now());
    await core.mirror.flush();
  } catch (e) {
    console.warn("ShopTrip: the order subtotal was not recorded:", e.message);
  }
}

async function confirm(core, tabId, landing) {
  const publisher = core.journal.publisher();
  // In the demo nothing is earned, so nothing "is active": it says so.
  const [headline, note] = publisher.demo
    ? [chrome.i18n.getMessage("confirmationDemo", [landing.storeName]), chrome.i18n.getMessage("confirmationDemoNote")]
    : [chrome.i18n.getMessage("confirmation", [landing.storeName, landing.offerText, publisher.name]),
      chrome.i18n.getMessage("confirmationNote", [publisher.name])];
  // A tab gone elsewhere meanwhile gets nothing (inPage); the badge still says it.
  await inPage(tabId, renderCard, [{
    kind: "confirmation", accent: publisher.color, mark: "✓", role: "status", top: publisher.demo ? null : publisher.name,
    headline,
    lines: [note],
    actions: [], fallback: "", closeLabel: chrome.i18n.getMessage("close"), token: null,
    removeAfterMs: 30_000,
  }]);
}

/** Settings changes: the core applies each, then the engine follows. */
const SETTINGS_CHANGES = {
  "choose-account": (journal, m) => journal.chooseAccount(m.program, m.answers),
  "set-region": (journal, m) => journal.setRegion(m.region),
  "set-notifications": (journal, m) => journal.setNotifications(m.on),
  mute: (journal, m) => journal.mute(m.site),
  unmute: (journal, m) => journal.unmute(m.host),
  untrust: (journal, m) => journal.untrustSite(m.host),
};

async function answer(core, message) {
  const { engine } = core;
  if (Object.hasOwn(SETTINGS_CHANGES, message.type)) {
    SETTINGS_CHANGES[message.type](core.journal, message);
    return settingsChanged(core);
  }
  switch (message.type) {
    case "popup": {
      const tab = await chrome.tabs.get(message.tabId);
      const view = tab.url ? core.journal.look(engine, tab.url, Date.now()) : null;
      const lookalike = !view && tab.url ? await lookalikeOf(core, tab.url) : null;
      return { view, lookalike, store: view && engine.store(view.storeId), program: engine.program, publisher: core.journal.publisher() };
    }
    case "lookalike-go":
    case "lookalike-trust": {
      const tab = await chrome.tabs.get(message.tabId);
      return tab.url ? onLookalike(core, message.tabId, tab.url, message.type === "lookalike-go" ? "go-real" : "trust") : null;
    }
    case "store": {
      const view = core.journal.lookStore(engine, message.storeId, Date.now());
      return { view, store: view && engine.store(message.storeId), program: engine.program, publisher: core.journal.publisher() };
    }
    case "publisher":
      return core.journal.publisher();
    case "search":
      return engine.search(message.query, 20);
    case "estimate": {
      const minor = engine.parseAmount(message.amount);
      return engine.estimate(message.storeId, minor, engine.program);
    }
    case "shop-now":
      return shopNow(core, message.tabId, message.storeId);
    case "settings":
      return core.journal.settings();
    case "set-feed":
      // A fetch of the feed set before, still under way, is dropped.
      await changeFeed(async () => {
        core.journal.setFeedUrl(message.url);
        await core.mirror.flush();
        if (message.url === null) {
          // No feed: back to the catalog shipped for the region.
          await forgetCatalog();
          await loadCatalog(core, undefined, undefined);
        }
      });
      await refreshFeed(core);
      return settingsChanged(core);
    case "reset":
      // The publisher's tokens are revoked before the account is forgotten.
      await signOut(core, { forget: () => {} });
      await changeFeed(async () => {
        core.journal.clear();
        await forgetCatalog();
        await core.mirror.flush();
        await loadCatalog(core, undefined, undefined);
      });
      return settingsChanged(core);
    case "report":
      return core.journal.report(engine, Date.now());
    case "account":
      return core.journal.account();
    case "link-account":
      await linkAccount(core);
      await askForTripReport(core, { askedByMember: true });
      return core.journal.account();
    case "sign-out":
      await signOut(core);
      return core.journal.account();
    case "refresh-reports":
      await askForTripReport(core, { askedByMember: true });
      return core.journal.account();
    case "record-order": {
      const minor = engine.parseAmount(message.amount);
      const trip = core.journal.recordOrder(engine, message.tripId, minor,
        message.orderNumber || undefined, "manual", Date.now());
      await core.mirror.flush();
      return trip;
    }
    case "export":
      return message.format === "csv" ? core.journal.toCsv() : core.journal.toJSON();
    case "options":
      return {
        program: engine.program,
        region: engine.region,
        updated: engine.updated,
        storeCount: engine.storeCount,
        engineFrom: core.engineFrom,
        standDowns: core.journal.standDowns(),
        tripCount: core.journal.trips().length,
        problems: core.problems,
        notices: engine.standDownNotices,
      };
  }
  throw new Error(`unknown message ${message.type}`);
}

/** Saves, then brings the engine in line with the settings (region's catalog, program). */
async function settingsChanged(core) {
  await core.mirror.flush();
  const settings = core.journal.settings();
  if (settings.region !== core.engine.region) {
    // The refreshed feed's catalog if it is for this region, else the shipped one.
    await loadCatalog(core, await readFeed().catch(() => undefined), undefined);
  } else {
    core.engine.setProgram(settings.program);
  }
  return settings;
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
  // The core made this URL for this trip, and knows the tab's chain from
  // it as ShopTrip's own (and no other chain on the same hosts).
  const url = trip.sentTo;
  // Through a tracking link, the tab is followed until it lands on the store.
  if (core.engine.trackingUrl(storeId, trip.id, startUrl)) {
    const deadline = Date.now() + core.journal.trackingLimitMs;
    await watchTab(tabId, { tripId: trip.id, storeId, deadline }, trackingTimeout);
  }
  await chrome.tabs.update(tabId, { url });
  return { tripId: trip.id };
}
