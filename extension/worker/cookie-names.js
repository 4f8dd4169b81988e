// The names (never the values) of the cookies a partner store's page host
// has in the tab's own cookie jar: another network's earlier click leaves
// one there. A Firefox container tab or a private window has a jar of its
// own, and `cookies.getAll({ url })` alone reads the default one, which
// would make a container's shopping answer for the default jar's clicks.
// Read only on partner stores; handed to the core for one decision, never kept.

/** The id of the cookie store `tabId` uses, or null when it cannot be told. */
async function cookieStoreOf(tabId) {
  const stores = await chrome.cookies.getAllCookieStores();
  const own = stores.find((store) => store.tabIds?.includes(tabId));
  if (own) return own.id;
  // One jar only: it is the tab's.
  return stores.length === 1 ? stores[0].id : null;
}

/** Cookie names of `url`'s host as tab `tabId` sees them; [] when unknown. */
export async function storeCookieNames(tabId, url) {
  try {
    const storeId = await cookieStoreOf(tabId);
    if (storeId === null) return [];
    return (await chrome.cookies.getAll({ url, storeId })).map((cookie) => cookie.name);
  } catch {
    return [];
  }
}
