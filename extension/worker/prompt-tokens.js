// One-time tokens for the activation prompt and the tracking notice. The
// worker hands the card a random token for its tab; a click in it comes
// back with the token. A page cannot read it (isolated world, closed shadow
// root) and a forged message without it is refused. Kept in session storage
// so a restarted worker still honours the card on screen.
//
// Each tab's token has a key of its own, and every read-change-write of the
// store runs one after another: chrome.storage answers asynchronously, and
// two overlapping updates of one shared record lost a tab's token (a valid
// click refused) or let one token be redeemed twice. A token keeps the
// page's origin, not its URL (a URL can be megabytes), and goes with its tab.
// It answers only for the actions of its card: the lookalike warning's
// token names the store it imitates, and must never start a trip there.

import { oneAtATime } from "./one-at-a-time.js";

const PREFIX = "shoptrip.promptToken.";
const keyOf = (tabId) => `${PREFIX}${tabId}`;

/** Runs `update` once every update queued before it has finished. */
const serially = oneAtATime();

function randomToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

/**
 * A fresh token for the card shown in `tabId` for `storeId` on `url`, whose
 * buttons send `actions`.
 */
export function issueToken(tabId, storeId, url, actions) {
  return serially(async () => {
    const token = randomToken();
    await chrome.storage.session.set({ [keyOf(tabId)]: { token, storeId, origin: originOf(url), actions } });
    return token;
  });
}

/**
 * The card's store and page origin if `token` is the one issued for `tabId`
 * and `action` one of its card's, as `{ storeId, origin }`; each token is
 * taken once.
 */
export function redeemToken(tabId, token, action) {
  return serially(async () => {
    const key = keyOf(tabId);
    const { [key]: issued } = await chrome.storage.session.get(key);
    if (!issued || typeof token !== "string" || issued.token !== token) return null;
    if (!Array.isArray(issued.actions) || !issued.actions.includes(action)) return null;
    await chrome.storage.session.remove(key);
    return { storeId: issued.storeId, origin: issued.origin };
  });
}

/** The tab closed: its token goes with it. */
export function dropToken(tabId) {
  return serially(() => chrome.storage.session.remove(keyOf(tabId)));
}
