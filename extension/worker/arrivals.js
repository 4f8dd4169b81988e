// How each tab arrived at its current page: the referrer and the redirect
// hops of its main-frame request, observed without blocking anything. Stand-
// down needs them (an affiliate's click host shows up only here). Kept in
// memory per tab until the navigation commits; never stored, never sent.

const byTab = new Map();
const MAX_HOPS = 32;
/**
 * How long a redirected navigation waits for its hops. Firefox delivers
 * webRequest and webNavigation events on separate channels and often
 * reports a redirect's requests after the page committed: 70–260 ms after,
 * in 6 of 8 runs of the redirect-chain journey on a loaded machine (logged
 * from the worker). Chromium reports them first, so it never waits.
 */
const LATE_HOPS_MS = 1_000;
/** Tabs whose committed page waits for its hops: tabId → { url, done }. */
const waiting = new Map();

/** The same page, whatever its fragment (a request carries none). */
const withoutFragment = (url) => url.split("#", 1)[0];
const holds = (entry, url) =>
  entry !== undefined && entry.hops.some((hop) => withoutFragment(hop) === withoutFragment(url));

/** Wakes a committed page that waited for the hop now noted. */
function settle(tabId) {
  const waiter = waiting.get(tabId);
  if (waiter && holds(byTab.get(tabId), waiter.url)) waiter.done();
}

/** webRequest.onBeforeRequest, main frames: a new request or a redirect hop. */
export function noteRequest({ tabId, requestId, url }) {
  if (tabId < 0) return;
  const entry = byTab.get(tabId);
  if (entry?.requestId === requestId) {
    // The redirect already noted this hop.
    if (entry.hops.length < MAX_HOPS && entry.hops.at(-1) !== url) entry.hops.push(url);
  } else {
    byTab.set(tabId, { requestId, hops: [url], referrer: "" });
  }
  settle(tabId);
}

/**
 * webRequest.onBeforeRedirect: where a hop redirects to, noted before the
 * browser asks for it. Firefox may commit the final page before it reports
 * that last request, and the arrival must still include the whole chain.
 */
export function noteRedirect({ tabId, requestId, redirectUrl }) {
  const entry = byTab.get(tabId);
  if (entry?.requestId !== requestId || entry.hops.length >= MAX_HOPS) return;
  entry.hops.push(redirectUrl);
  settle(tabId);
}

/** webRequest.onBeforeSendHeaders: the first request's Referer. */
export function noteHeaders({ tabId, requestId, requestHeaders }) {
  const entry = byTab.get(tabId);
  if (entry?.requestId !== requestId || entry.referrer) return;
  const header = requestHeaders?.find((h) => h.name.toLowerCase() === "referer");
  if (header?.value) entry.referrer = header.value;
}

/**
 * The arrival that ended at `url` in `tabId`, forgotten once taken. A page
 * the browser reached by a server redirect waits (at most LATE_HOPS_MS) for
 * the hops that led there: without them another affiliate's click host
 * would go unseen.
 */
export async function takeArrival(tabId, url, { redirected = false } = {}) {
  const waits = redirected && !holds(byTab.get(tabId), url);
  if (waits) {
    waiting.get(tabId)?.done();
    await new Promise((resolve) => {
      const timer = setTimeout(done, LATE_HOPS_MS);
      function done() {
        clearTimeout(timer);
        if (waiting.get(tabId)?.done === done) waiting.delete(tabId);
        resolve();
      }
      waiting.set(tabId, { url, done });
    });
  }
  const entry = byTab.get(tabId);
  // After a wait in vain, what is noted may be the tab's next navigation.
  if (holds(entry, url) || !waits) byTab.delete(tabId);
  if (!holds(entry, url)) return { referrer: "", hops: [] };
  return { referrer: entry.referrer, hops: entry.hops };
}

export function forgetTab(tabId) {
  byTab.delete(tabId);
  waiting.get(tabId)?.done();
}
