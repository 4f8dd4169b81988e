// Carries out the core's verdict for a tab on the toolbar button: the text
// is the core's, the colour and tooltip say which state it is in.

const COLOURS = { offer: "#0b7a75", paused: "#6b6b6b", active: "#1c5fd4" };
const TITLES = { offer: "badgeOffer", paused: "badgePaused", active: "badgeActive" };

/** Set once, for the cold-start figure: ms from the worker's start to the first badge. */
export const timings = { firstBadgeMs: null, readyMs: null };
let badgeShown;
/** Settles when this worker has set its first badge. */
export const firstBadge = new Promise((resolve) => { badgeShown = resolve; });

export async function showVerdict(tabId, view) {
  const text = view ? view.badge : "";
  const title = view
    ? chrome.i18n.getMessage(TITLES[view.state], [view.storeName, view.offer.text])
    : chrome.i18n.getMessage("actionTitle");
  const writes = [chrome.action.setBadgeText({ tabId, text }), chrome.action.setTitle({ tabId, title })];
  if (view) writes.push(chrome.action.setBadgeBackgroundColor({ tabId, color: COLOURS[view.state] }));
  try {
    await Promise.all(writes);
  } catch {
    // The tab closed meanwhile: nothing to show.
  }
  timings.firstBadgeMs ??= performance.now();
  badgeShown();
}
