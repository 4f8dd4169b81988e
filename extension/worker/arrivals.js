// How each tab arrived at its current page: the referrer and the redirect
// hops of its main-frame request, observed without blocking anything. Stand-
// down needs them (an affiliate's click host shows up only here). Kept in
// memory per tab until the navigation commits; never stored, never sent.

const byTab = new Map();
const MAX_HOPS = 32;

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
}

/** webRequest.onBeforeSendHeaders: the first request's Referer. */
export function noteHeaders({ tabId, requestId, requestHeaders }) {
  const entry = byTab.get(tabId);
  if (entry?.requestId !== requestId || entry.referrer) return;
  const header = requestHeaders?.find((h) => h.name.toLowerCase() === "referer");
  if (header?.value) entry.referrer = header.value;
}

/** The arrival that ended at `url` in `tabId`, forgotten once taken. */
export function takeArrival(tabId, url) {
  const entry = byTab.get(tabId);
  byTab.delete(tabId);
  if (!entry || !entry.hops.includes(url)) return { referrer: "", hops: [] };
  return { referrer: entry.referrer, hops: entry.hops };
}

export function forgetTab(tabId) {
  byTab.delete(tabId);
}
