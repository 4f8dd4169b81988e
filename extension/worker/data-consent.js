// Firefox's built-in consent to data collection (its manifest's
// data_collection_permissions): a build that links accounts declares
// browsing activity as optional, since trip reports tell the publisher which
// stores the member's trips were at, and when. The options page asks when the
// member clicks Link (the request needs their click), and the worker sends
// no report without it: the member can withdraw it in about:addons at any
// time. Chrome and Edge have no such consent; there the Link click is it.

const DECLARED = chrome.runtime.getManifest().browser_specific_settings?.gecko
  ?.data_collection_permissions?.optional ?? [];
const WANTED = DECLARED.filter((kind) => kind === "browsingActivity");

/** The consent the build declares, for `permissions.request` and `contains`; null where there is none to ask. */
export function reportConsent() {
  return WANTED.length ? { data_collection: WANTED } : null;
}

/** Asks for it, from the member's click; true where none is needed. */
export async function askReportConsent() {
  const consent = reportConsent();
  return consent ? chrome.permissions.request(consent) : true;
}

/** Whether reports may be sent now. */
export async function haveReportConsent() {
  const consent = reportConsent();
  return consent ? chrome.permissions.contains(consent) : true;
}
