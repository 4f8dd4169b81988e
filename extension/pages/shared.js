// What the extension's pages share: their strings from _locales, and asking
// the worker (which holds the core) a question.

export const t = (key, substitutions) => chrome.i18n.getMessage(key, substitutions) || key;

/** Fills `data-i18n` elements' text and `data-i18n-label` elements' labels. */
export function localize(root = document) {
  document.documentElement.lang = chrome.i18n.getUILanguage();
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
    el.setAttribute("placeholder", t(el.dataset.i18nLabel));
  }
}

/** Sends `message` to the worker; resolves with its result or throws its error. */
export async function ask(message) {
  const reply = await chrome.runtime.sendMessage(message);
  if (!reply?.ok) throw new Error(reply?.error ?? "no answer from ShopTrip");
  return reply.result;
}

/** An element with text content (never HTML) and optional class. */
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function formatTime(ms) {
  return new Date(ms).toLocaleTimeString(chrome.i18n.getUILanguage(), { hour: "numeric", minute: "2-digit" });
}

export function formatDateTime(ms) {
  return `${formatDate(ms)} ${formatTime(ms)}`;
}

export function formatDate(ms) {
  return new Date(ms).toLocaleDateString(chrome.i18n.getUILanguage(), { year: "numeric", month: "short", day: "numeric" });
}

const TRACKING_REASONS = {
  blocked: () => t("trackingReasonBlocked"),
  unresolved: () => t("trackingReasonUnresolved"),
  connection: () => t("trackingReasonConnection"),
  tls: () => t("trackingReasonTls"),
  http: (status) => t("trackingReasonHttp", [String(status)]),
  timeout: () => t("trackingReasonTimeout"),
};

/** A failed tracking link's reason (the core's code) in the shopper's words. */
export function trackingReason({ reason, status }) {
  return TRACKING_REASONS[reason]?.(status) ?? reason;
}

/**
 * Shows the build's publisher on the page: its name where `.brand` says
 * the name, the demo's notices (`[data-shoptrip="demo"]`) and the feed
 * field (`[data-demo-only]`) only in the demo, what only a publisher's
 * build may say (`[data-publisher-only]`) only there, and the account
 * (`[data-account-only]`) only in a build that links one. The profile's text
 * is set as text, never as markup.
 */
export function applyPublisher(publisher) {
  for (const node of document.querySelectorAll(".brand")) node.textContent = publisher.name;
  for (const node of document.querySelectorAll('[data-shoptrip="demo"]')) node.hidden = !publisher.demo;
  for (const node of document.querySelectorAll("[data-publisher-only]")) node.hidden = publisher.demo;
  // Where members ask about a missing reward: the publisher's own page.
  for (const node of document.querySelectorAll('a[data-publisher-link="support"]')) {
    if (!publisher.demo) node.href = publisher.support;
  }
  // The member's account with the publisher: in builds that link one.
  for (const node of document.querySelectorAll("[data-account-only]")) node.hidden = !publisher.account;
  // A developer's feed field: the demo's; a publisher's build has its own feeds.
  for (const node of document.querySelectorAll("[data-demo-only]")) node.hidden = !publisher.demo;
}
