// Lookalike stores on the shopper's screen (the core decides: src/lookalike.rs):
// the badge's "!", and a warning in the page naming the real store and its
// domain, with "Go to <domain>" and "I trust this site". Nothing is looked up
// or sent: the core compares the page's host with the catalog's domains.
//
// The warning shows in the page once per site per browser session (the core
// says when: journal.firstLookalikeWarning); the badge and the popup say it
// on every visit. "I trust this site" in the page is a guarded button: a
// page that paints over the card cannot click it for the shopper (see
// page-card.js), and where the browser cannot tell, the popup offers it.

import { publicSuffixesReady } from "./catalog-cache.js";

const COLOUR = "#b3261e";

/** What the warning's buttons may ask: never Shop Now, whatever store its token names. */
export const LOOKALIKE_ACTIONS = ["go-real", "trust", "dismiss"];

/** The store the page at `url` imitates (null on a trusted site), as the core says. */
export async function lookalikeOf(core, url) {
  await publicSuffixesReady();
  return core.journal.lookalike(core.engine, url);
}

export async function showLookalikeBadge(tabId, found) {
  try {
    await Promise.all([
      chrome.action.setBadgeText({ tabId, text: "!" }),
      chrome.action.setBadgeBackgroundColor({ tabId, color: COLOUR }),
      chrome.action.setTitle({ tabId, title: chrome.i18n.getMessage("lookalikeTitle", [found.storeName, found.domain]) }),
    ]);
  } catch {
    // The tab closed meanwhile.
  }
}

/** The card renderCard shows for a lookalike. */
export function lookalikeCard(found, token) {
  return {
    kind: "lookalike", accent: COLOUR, mark: "!", role: "alert", top: null,
    headline: chrome.i18n.getMessage("lookalikeHeadline", [found.storeName]),
    lines: [chrome.i18n.getMessage("lookalikeLine", [found.storeName, found.domain])],
    actions: [
      { text: chrome.i18n.getMessage("lookalikeGo", [found.domain]), action: "go-real", primary: true, guarded: false },
      { text: chrome.i18n.getMessage("lookalikeTrust"), action: "trust", primary: false, guarded: true },
    ],
    fallback: chrome.i18n.getMessage("lookalikeTrustInPopup"),
    closeLabel: chrome.i18n.getMessage("close"),
    token,
  };
}
