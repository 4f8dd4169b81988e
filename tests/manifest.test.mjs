// The extension asks for the fewest permissions that work, runs no remote
// code, exposes no resource to pages, and its pages' CSP allows only its own
// scripts (and WebAssembly). Any widening has to change this test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const EXT = new URL("../extension/", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(EXT, "manifest.json"), "utf8"));

test("permissions, host permissions and CSP are exactly the ones the README explains", () => {
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual([...manifest.permissions].sort(), ["alarms", "cookies", "scripting", "storage", "webNavigation", "webRequest"]);
  assert.deepEqual(manifest.host_permissions, ["http://*/*", "https://*/*"]);
  assert.equal(manifest.content_security_policy.extension_pages,
    "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  for (const absent of ["web_accessible_resources", "externally_connectable", "content_scripts",
    "optional_permissions", "update_url", "sandbox"]) {
    assert.equal(manifest[absent], undefined, absent);
  }
  assert.deepEqual(manifest.background, { service_worker: "background.js", type: "module" });
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  for (const permission of manifest.permissions) assert.ok(readme.includes(`| \`${permission}\` |`), `README explains ${permission}`);
});

test("no remote code: every script is a file in the package, nothing is evaluated from strings", () => {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|html)$/.test(entry.name)) files.push(path);
    }
  };
  walk(EXT);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, /<script[^>]+src=["']https?:/i, file);
    assert.doesNotMatch(text, /\bimport\s*\(\s*["']https?:/, file);
    if (!file.includes("/pkg/")) {
      assert.doesNotMatch(text, /\beval\s*\(|new Function\s*\(/, file);
      assert.doesNotMatch(text, /\.innerHTML\s*=|insertAdjacentHTML|outerHTML\s*=|document\.write/, `${file} writes HTML`);
    }
  }
});
