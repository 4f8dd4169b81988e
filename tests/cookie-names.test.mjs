// The cookie names the worker reads for stand-down (extension/worker/cookie-names.js)
// come from the tab's own cookie jar: a Firefox container tab or a private
// window must not answer with the default jar's cookies, nor the reverse.
import { test } from "node:test";
import assert from "node:assert/strict";

// Jars as Firefox has them: the default, a container, a private window.
const JARS = {
  "firefox-default": { tabIds: [1], names: ["cje_1", "session"] },
  "firefox-container-1": { tabIds: [2], names: ["session"] },
  "firefox-private": { tabIds: [3], names: ["lsclick_mid9"] },
};
let stores = JARS;
globalThis.chrome = {
  cookies: {
    getAllCookieStores: async () => Object.entries(stores).map(([id, jar]) => ({ id, tabIds: jar.tabIds })),
    // Without storeId the browser reads the current execution context's jar: the default one.
    getAll: async ({ storeId = Object.keys(stores)[0] }) => (stores[storeId]?.names ?? []).map((name) => ({ name, value: "v" })),
  },
};
const { storeCookieNames } = await import("../extension/worker/cookie-names.js");

test("each tab's cookie names come from its own jar", async () => {
  const url = "https://www.nike.com/";
  assert.deepEqual(await storeCookieNames(1, url), ["cje_1", "session"]);
  assert.deepEqual(await storeCookieNames(2, url), ["session"], "a container tab reads its container");
  assert.deepEqual(await storeCookieNames(3, url), ["lsclick_mid9"], "a private tab reads its private jar");
});

test("a tab in no known jar reads nothing rather than another jar", async () => {
  assert.deepEqual(await storeCookieNames(99, "https://www.nike.com/"), []);
  stores = { 0: { tabIds: [], names: ["cje_1"] } };
  assert.deepEqual(await storeCookieNames(5, "https://www.nike.com/"), ["cje_1"], "one jar: it is the tab's");
  stores = JARS;
});
