// The prompt's one-time tokens (extension/worker/prompt-tokens.js) against a
// session storage whose get, set and remove answer asynchronously and in a
// random order, as Chrome's do under load: concurrent issues and redeems in
// many tabs must neither lose a token nor accept one twice.
import { test } from "node:test";
import assert from "node:assert/strict";

/** chrome.storage.session with each call answered after a random delay. */
function asyncSessionStorage() {
  const data = new Map();
  const later = (fn) => new Promise((resolve) => setTimeout(() => resolve(fn()), Math.random() * 4));
  const copy = (v) => (v === undefined ? undefined : structuredClone(v));
  const keys = (k) => (k === null || k === undefined ? [...data.keys()] : Array.isArray(k) ? k : [k]);
  return {
    data,
    get: (k) => later(() => Object.fromEntries(keys(k).filter((x) => data.has(x)).map((x) => [x, copy(data.get(x))]))),
    set: (items) => {
      const snapshot = structuredClone(items);
      return later(() => { for (const [x, v] of Object.entries(snapshot)) data.set(x, v); });
    },
    remove: (k) => later(() => { for (const x of keys(k)) data.delete(x); }),
  };
}

const session = asyncSessionStorage();
globalThis.chrome = { storage: { session } };
const { issueToken, redeemToken, dropToken } = await import("../extension/worker/prompt-tokens.js");

const RUNS = 200;
const PROMPT = ["shop-now", "dismiss", "mute"];

test("prompts issued in two tabs at the same moment both keep their token", async () => {
  let refused = 0;
  for (let run = 0; run < RUNS; run++) {
    const [a, b] = await Promise.all([
      issueToken(1, "macys", "https://www.macys.com/shop", PROMPT),
      issueToken(2, "nike", "https://www.nike.com/w", PROMPT),
    ]);
    const [ra, rb] = await Promise.all([redeemToken(1, a, "shop-now"), redeemToken(2, b, "shop-now")]);
    if (!ra || !rb) refused += 1;
  }
  assert.equal(refused, 0, `a valid click was refused in ${refused} of ${RUNS} runs`);
});

test("a one-time token is accepted once, whatever overlaps its redeem", async () => {
  let twice = 0;
  for (let run = 0; run < RUNS; run++) {
    const token = await issueToken(3, "macys", "https://www.macys.com/", PROMPT);
    const [first, , second] = await Promise.all([
      redeemToken(3, token, "shop-now"),
      issueToken(4, "target", "https://www.target.com/", PROMPT),
      redeemToken(3, token, "shop-now"),
    ]);
    if (first && second) twice += 1;
    assert.ok(first || second, "the token is accepted once");
  }
  assert.equal(twice, 0, `a token was accepted twice in ${twice} of ${RUNS} runs`);
});

test("a token keeps the page's origin, not its URL, and goes with its tab", async () => {
  const long = `https://www.macys.com/shop?q=${"x".repeat(2 * 1024 * 1024)}`;
  const token = await issueToken(5, "macys", long, PROMPT);
  const stored = JSON.stringify([...session.data.values()]);
  assert.ok(stored.length < 500, `${stored.length} characters stored for one token`);
  assert.doesNotMatch(stored, /xxxx/);
  assert.deepEqual(await redeemToken(5, token, "shop-now"), { storeId: "macys", origin: "https://www.macys.com" });

  const kept = await issueToken(6, "macys", "https://www.macys.com/", PROMPT);
  await issueToken(7, "nike", "https://www.nike.com/", PROMPT);
  await dropToken(6);
  assert.equal(await redeemToken(6, kept, "shop-now"), null, "the closed tab's token is gone");
  assert.ok([...session.data.keys()].every((k) => !k.endsWith(".6")));
  // Twelve tabs with 2 MB URLs take a few hundred bytes, not the 10 MiB quota.
  for (let tab = 10; tab < 22; tab++) await issueToken(tab, "macys", long);
  assert.ok(JSON.stringify([...session.data.entries()]).length < 12 * 300);
});

test("a forged or stale token is refused", async () => {
  const token = await issueToken(8, "macys", "https://www.macys.com/", PROMPT);
  assert.equal(await redeemToken(8, "0".repeat(32)), null);
  assert.equal(await redeemToken(9, token, "shop-now"), null, "another tab's token");
  assert.equal(await redeemToken(8, undefined, "shop-now"), null);
  const newer = await issueToken(8, "macys", "https://www.macys.com/", PROMPT);
  assert.equal(await redeemToken(8, token, "shop-now"), null, "replaced by the newer prompt");
  assert.ok(await redeemToken(8, newer, "shop-now"));
});

test("a token answers only for its card's actions: the lookalike warning's never starts a trip", async () => {
  const token = await issueToken(30, "macys", "https://www.rnacys.com/", ["go-real", "trust", "dismiss"]);
  assert.equal(await redeemToken(30, token, "shop-now"), null);
  assert.equal(await redeemToken(30, token, "retry"), null);
  assert.deepEqual(await redeemToken(30, token, "go-real"), { storeId: "macys", origin: "https://www.rnacys.com" });
  const old = await issueToken(31, "macys", "https://www.macys.com/");
  assert.equal(await redeemToken(31, old, "shop-now"), null, "a token issued without its actions answers none");
});
