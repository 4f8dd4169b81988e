// The member's account with the publisher (PUBLISHER.md, "Linking the
// member's account", "Trip reports"), in builds whose profile has one. The
// core writes every message and judges every answer (signInUrl,
// codeFromRedirect, readTokens, tripReportRequest, applyTripReport, the
// report schedule); this module only runs the exchange:
//   - the sign-in, through identity.launchWebAuthFlow, with a fresh PKCE
//     verifier and state for each;
//   - the tokens, kept in this extension's IndexedDB. Content scripts and
//     web pages run in the page's origin and cannot open it, and the trips
//     document in storage.local, which exports copy, never holds them.
//     They are never logged: errors carry the core's words, not a request;
//   - the trip report request, renewing the access token once on 401, and
//     asking the member to sign in again if that fails too;
//   - revocation on sign-out and on "Delete all data".
// One exchange runs at a time: a report never races a sign-out.

import { fetchCapped } from "./capped-fetch.js";
import { oneAtATime } from "./one-at-a-time.js";
import { haveReportConsent } from "./data-consent.js";

const DB_NAME = "shoptrip-account";
const STORE = "tokens";
const KEY = "tokens";
/** Token and revocation answers are small. */
const TOKEN_ANSWER_BYTES = 64 * 1024;
export const REPORT_ALARM = "shoptrip-trip-reports";

const exclusively = oneAtATime();

function openTokenStore() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function tokenStore(mode, use) {
  const db = await openTokenStore();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = use(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const readTokens = () => tokenStore("readonly", (s) => s.get(KEY));
const keepTokens = (tokens) => tokenStore("readwrite", (s) => s.put(tokens, KEY));
const forgetTokens = () => tokenStore("readwrite", (s) => s.delete(KEY));

function randomText(bytes) {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(raw);
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function s256(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
}

function limits(core, what, maxBytes) {
  return { timeoutMs: core.journal.reportLimits().timeoutMs, maxBytes, what };
}

function postForm(core, { url, body }, what) {
  return fetchCapped(url, {
    method: "POST", body, redirect: "error",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
  }, limits(core, what, TOKEN_ANSWER_BYTES));
}

/** The member asked to link their account: the sign-in, then the tokens. */
export function linkAccount(core) {
  return exclusively(async () => {
    const name = core.journal.publisher().name;
    // No identity API in a build without an account: the core says so.
    const redirectUri = chrome.identity?.getRedirectURL() ?? "";
    const state = randomText(32);
    const verifier = randomText(48);
    const url = core.journal.signInUrl(redirectUri, state, await s256(verifier));
    let redirected;
    try {
      redirected = await chrome.identity.launchWebAuthFlow({ url, interactive: true });
    } catch (e) {
      throw new Error(`The sign-in with ${name} did not finish (${e?.message ?? e}): nothing was linked`);
    }
    const code = core.journal.codeFromRedirect(redirected ?? "", redirectUri, state);
    const answer = await postForm(core, core.journal.codeTokenRequest(code, verifier, redirectUri), `${name}'s token answer`);
    if (answer.status !== 200) throw new Error(`${name} refused the sign-in (HTTP ${answer.status}): nothing was linked`);
    const tokens = core.journal.readTokens(answer.text, null, Date.now());
    await keepTokens(tokens);
    core.journal.accountLinked(Date.now());
    await core.mirror.flush();
  });
}

/** Revokes the tokens at the publisher and forgets them; then the book forgets the account. */
export function signOut(core, { forget = () => core.journal.signOut() } = {}) {
  return exclusively(async () => {
    const tokens = await readTokens().catch(() => null);
    if (tokens && core.journal.publisher().account) {
      for (const request of core.journal.revokeRequests(tokens.access, tokens.refresh)) {
        // RFC 7009: the publisher answers 200 whatever the token was. A
        // publisher out of reach does not keep the member signed in.
        await postForm(core, request, "the sign-out").catch((e) => console.warn("ShopTrip: revocation:", e.message));
      }
    }
    await forgetTokens();
    forget();
    await core.mirror.flush();
    await chrome.alarms.clear(REPORT_ALARM);
  });
}

/** New tokens for the refresh token, kept; null if the publisher refuses. */
async function renew(core, tokens) {
  if (!tokens.refresh) return null;
  const name = core.journal.publisher().name;
  const answer = await postForm(core, core.journal.refreshTokenRequest(tokens.refresh), `${name}'s token answer`);
  if (answer.status !== 200) return null;
  const renewed = core.journal.readTokens(answer.text, tokens.refresh, Date.now());
  await keepTokens(renewed);
  return renewed;
}

/**
 * Asks the publisher for its trip report if the core says one is due
 * (`askedByMember`: the trips page opened, or Refresh). Whatever happens is
 * recorded by the core, which the settings show; nothing here throws.
 */
export function askForTripReport(core, { askedByMember }) {
  return exclusively(async () => {
    try {
      if (!core.journal.reportDue(Date.now(), askedByMember)) return;
      await fetchTripReport(core);
    } catch (e) {
      core.journal.reportFailed(0, undefined, String(e?.message ?? e), Date.now());
    } finally {
      await core.mirror.flush().catch((e) => console.warn("ShopTrip: the report could not be saved:", e.message));
      await scheduleTripReports(core).catch((e) => console.warn("ShopTrip: report alarm:", e.message));
    }
  });
}

async function fetchTripReport(core) {
  const name = core.journal.publisher().name;
  const request = core.journal.tripReportRequest();
  if (!request?.url) return;
  // Withdrawn in Firefox: nothing is sent, and the settings say so (no
  // failure recorded: the member's Allow is answered at once).
  if (!(await haveReportConsent())) return;
  let tokens = await readTokens();
  const signInAgain = () => core.journal.accountNeedsSignIn(Date.now());
  if (!tokens) return signInAgain();
  if (Date.now() >= tokens.renewAtMs) tokens = await renew(core, tokens);
  if (!tokens) return signInAgain();
  const { maxBytes, timeoutMs } = core.journal.reportLimits();
  const ask = (access) => fetchCapped(request.url, {
    method: "POST", body: request.body, redirect: "error",
    headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${access}` },
  }, { maxBytes, timeoutMs, what: `${name}'s trip report` });
  let answer = await ask(tokens.access);
  if (answer.status === 401) {
    tokens = await renew(core, tokens);
    if (!tokens) return signInAgain();
    answer = await ask(tokens.access);
    if (answer.status === 401) return signInAgain();
  }
  if (answer.status !== 200) {
    core.journal.reportFailed(answer.status, answer.headers.get("retry-after") ?? undefined,
      `${name} answered HTTP ${answer.status}`, Date.now());
    return;
  }
  try {
    core.journal.applyTripReport(answer.text, Date.now());
  } catch (e) {
    // Refused whole: the core noted why and when to ask again.
    console.warn("ShopTrip:", e.message);
  }
}

/** The background request waits for the core's schedule: an alarm at its next time. */
export async function scheduleTripReports(core) {
  const next = core.journal.account().nextReportMs;
  if (next === null) {
    await chrome.alarms.clear(REPORT_ALARM);
    return;
  }
  // Alarms fire at most every 30 s; a report due now waits a minute, so a
  // waking worker never asks before the member's first page has its badge.
  chrome.alarms.create(REPORT_ALARM, { when: Math.max(next, Date.now() + 60_000) });
}
