// Every shopper-facing string comes from _locales: English and Japanese have
// the same messages with the same substitutions, and every key the pages
// and the worker ask for exists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const EXT = new URL("../extension/", import.meta.url).pathname;
const load = (lang) => JSON.parse(readFileSync(join(EXT, "_locales", lang, "messages.json"), "utf8"));
const substitutions = (message) => [...message.matchAll(/\$(\d)/g)].map((m) => m[1]).sort().join();

test("English and Japanese have the same messages and substitutions", () => {
  const en = load("en");
  const ja = load("ja");
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.equal(substitutions(ja[key].message), substitutions(en[key].message), key);
    assert.ok(ja[key].message.trim(), `${key} is empty in ja`);
  }
});

test("every message the extension uses exists", () => {
  const en = load("en");
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !["pkg", "_locales", "catalogs", "icons"].includes(entry.name)) walk(path);
      else if (/\.(js|html)$/.test(entry.name) || entry.name === "manifest.json") files.push(path);
    }
  };
  walk(EXT);
  const used = new Set();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/data-i18n(?:-label)?="([A-Za-z_]+)"/g)) used.add(m[1]);
    for (const m of text.matchAll(/(?:getMessage|\bt)\("([A-Za-z_]+)"/g)) used.add(m[1]);
    for (const m of text.matchAll(/__MSG_([A-Za-z_]+)__/g)) used.add(m[1]);
  }
  const missing = [...used].filter((key) => !en[key]);
  assert.deepEqual(missing, []);
  assert.ok(used.size > 60, `${used.size} keys found`);
});
