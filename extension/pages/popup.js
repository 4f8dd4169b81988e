// The toolbar popup: on a partner store, the offer, its terms and Shop Now;
// anywhere else, a search over the catalog. `popup.html?tab=N` shows it for
// tab N (the tests' way in); without it, for the active tab. Every figure
// and decision comes from the worker's core; this page only shows them.

import { applyPublisher, ask, el, formatDate, formatTime, localize, t, trackingReason } from "./shared.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let tabId = null;
let shown = null; // { view, store } on display
let started = false; // this popup's Shop Now started a trip
let demo = true; // until the worker says which build this is


localize();
main().catch(showError);

async function main() {
  tabId = params.has("tab") ? Number(params.get("tab")) : (await activeTabId());
  const page = await ask({ type: "popup", tabId });
  demo = page.publisher.demo;
  applyPublisher(page.publisher);
  if (page.view) showStore(page);
  else if (page.lookalike) showLookalike(page.lookalike);
  else showSearch();
  // The trip's outcome (landed, tracking failed, paused by a referral) is
  // stored by the worker: the popup follows it.
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes["shoptrip.trips"] && shown) refresh().catch(showError);
  });
}

async function refresh() {
  const fromSearch = !$("back").hidden;
  const page = fromSearch
    ? await ask({ type: "store", storeId: shown.store.id })
    : await ask({ type: "popup", tabId });
  if (page.view && page.view.storeId === shown.store.id) showStore(page, fromSearch);
}

async function activeTabId() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? -1;
}

/** A lookalike of a partner store: the real store and its domain, a way there, and no Shop Now. */
function showLookalike(found) {
  $("lookalike").hidden = false;
  $("lookalike-headline").textContent = t("lookalikeHeadline", [found.storeName]);
  $("lookalike-text").textContent = t("lookalikePopup", [found.storeName, found.domain]);
  $("lookalike-go").textContent = t("lookalikeGo", [found.domain]);
  const act = (type) => async () => {
    try {
      await ask({ type, tabId });
      window.close();
    } catch (e) {
      showError(e);
    }
  };
  $("lookalike-go").addEventListener("click", act("lookalike-go"));
  $("lookalike-trust").addEventListener("click", act("lookalike-trust"));
}

/** Shop Now, which in the demo starts a demo trip. */
const shopNowLabel = () => (demo ? "popupShopNowDemo" : "popupShopNow");

function showError(e) {
  $("error").textContent = t("popupError", [String(e?.message ?? e)]);
  $("error").hidden = false;
}

function showStore({ view, store }, fromSearch = false) {
  shown = { view, store };
  $("search").hidden = true;
  $("store").hidden = false;
  $("back").hidden = !fromSearch;
  $("store-name").textContent = store.name;
  $("offer").textContent = view.offer.text;
  const state = $("state");
  const failed = view.state === "offer" && view.trackingFailure;
  state.className = `state ${failed ? "failed" : view.state}`;
  state.hidden = view.state === "offer" && !failed;
  if (view.state === "paused") {
    const sd = view.standDown;
    state.textContent = t("popupPaused", [sd.networkName, sd.reason, formatTime(sd.untilMs)]);
  } else if (view.state === "active") {
    state.textContent = t(demo ? "popupActiveDemo" : "popupActive");
  } else if (failed) {
    state.textContent = t("popupTrackingFailed", [trackingReason(view.trackingFailure)]);
  }
  // Said as a fact about the trip, here and on the trips page only.
  const lost = view.attributionLost;
  $("attribution").hidden = !lost;
  if (lost) $("attribution").textContent = t("popupAttributionLost", [lost.networkName, lost.signal]);
  const shopNow = $("shop-now");
  shopNow.textContent = t(failed ? "trackingTryAgain" : view.state === "active" ? "popupShopNowAgain" : shopNowLabel());
  shopNow.disabled = false;
  // Right after this popup's own Shop Now, the trip is on: no second button.
  shopNow.hidden = started && view.state === "active";
  fillList($("boosts"), store.boosts.filter((b) => b.active), (b) =>
    el("li", t("popupBoost", [b.label, b.rate, formatDate(b.untilMs)])));
  fillList($("categories"), store.categories, (c) => {
    const li = el("li");
    li.append(el("span", c.name), el("span", c.offer.text));
    return li;
  });
  $("categories-box").hidden = store.categories.length === 0;
  fillList($("exclusions"), store.exclusions, (x) => el("li", x));
  $("exclusions-box").hidden = store.exclusions.length === 0;
  fillList($("coupons"), store.coupons, couponItem);
  $("coupons-box").hidden = store.coupons.length === 0;
  $("subtotal").value = "";
  $("estimated").textContent = "";
}

function fillList(list, items, make) {
  list.replaceChildren(...items.map(make));
}

function couponItem(coupon) {
  const li = el("li");
  const copy = el("button", t("popupCopy"));
  copy.type = "button";
  copy.addEventListener("click", async () => {
    await navigator.clipboard.writeText(coupon.code);
    copy.textContent = t("popupCopied");
  });
  const about = coupon.expires ? `${coupon.description} · ${t("popupExpires", [coupon.expires])}` : coupon.description;
  li.append(el("code", coupon.code), el("span", about), copy);
  return li;
}

function showSearch() {
  shown = null;
  $("store").hidden = true;
  $("search").hidden = false;
  $("query").focus();
  search("");
}

let searchSeq = 0;
async function search(query) {
  const seq = ++searchSeq;
  const found = await ask({ type: "search", query });
  if (seq !== searchSeq) return;
  if (found.length === 0) {
    $("results").replaceChildren(el("li", t("popupNoResults")));
    return;
  }
  fillList($("results"), found, (s) => {
    const li = el("li");
    const button = el("button");
    button.type = "button";
    button.append(el("span", s.name), el("span", s.offer.text, "rate"));
    button.addEventListener("click", () => openStore(s.id).catch(showError));
    li.append(button);
    return li;
  });
}

async function openStore(storeId) {
  const page = await ask({ type: "store", storeId });
  if (page.view) showStore(page, true);
}

$("query").addEventListener("input", (e) => search(e.target.value).catch(showError));
$("back").addEventListener("click", showSearch);

$("estimate").addEventListener("submit", (e) => e.preventDefault());
$("subtotal").addEventListener("input", async (e) => {
  const amount = e.target.value.trim();
  const output = $("estimated");
  if (!amount || !shown) {
    output.textContent = "";
    return;
  }
  try {
    const estimate = await ask({ type: "estimate", storeId: shown.store.id, amount });
    if (e.target.value.trim() === amount) output.textContent = t("popupEstimated", [estimate.display]);
  } catch (err) {
    output.textContent = err.message;
  }
});

$("shop-now").addEventListener("click", async (event) => {
  // A trip starts only from the shopper's own click.
  if (!event.isTrusted || !shown) return;
  const button = event.currentTarget;
  button.disabled = true;
  button.textContent = t("popupActivating");
  try {
    await ask({ type: "shop-now", tabId, storeId: shown.store.id });
    if (!params.has("tab")) window.close();
    started = true;
    await refresh();
  } catch (e) {
    button.disabled = false;
    button.textContent = t(shopNowLabel());
    showError(e);
  }
});
