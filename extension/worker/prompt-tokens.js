// One-time tokens for the activation prompt. The worker hands the prompt a
// random token for its tab; a click in the prompt comes back with it. A
// page cannot read it (isolated world, closed shadow root) and a forged
// message without it is refused. Kept in session storage so a restarted
// worker still honours the prompt on screen.

const KEY = "shoptrip.promptTokens";

function randomToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fresh token for the prompt shown in `tabId` for `storeId` on `url`. */
export async function issueToken(tabId, storeId, url) {
  const token = randomToken();
  const { [KEY]: tokens = {} } = await chrome.storage.session.get(KEY);
  tokens[tabId] = { token, storeId, url };
  await chrome.storage.session.set({ [KEY]: tokens });
  return token;
}

/** The prompt's store and page if `token` is the one issued for `tabId`; used once. */
export async function redeemToken(tabId, token) {
  const { [KEY]: tokens = {} } = await chrome.storage.session.get(KEY);
  const issued = tokens[tabId];
  if (!issued || typeof token !== "string" || issued.token !== token) return null;
  delete tokens[tabId];
  await chrome.storage.session.set({ [KEY]: tokens });
  return issued;
}
