// The store packages (tools/package.mjs, `./build.sh package`): two runs from
// one commit give the same bytes; the store zips hold what the extension
// runs and no source maps or unbundled sources; every file the manifest and
// the pages name is in them; the Firefox zip passes `web-ext lint` with no
// error and no warning; the source zip carries what AMO's reviewers rebuild with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageAll } from "../tools/package.mjs";

const ROOT = new URL("../", import.meta.url).pathname;
const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");
const names = (zip) => execFileSync("python3", ["-c",
  "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zip], { encoding: "utf8" })
  .trim().split("\n");
const read = (zip, name) => execFileSync("python3", ["-c",
  "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))", zip, name]);
function unzip(zip) {
  const dir = mkdtempSync(join(tmpdir(), "shoptrip-unzip-"));
  execFileSync("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip, dir]);
  return dir;
}

let first, second;
test("two package runs give byte-identical zips", async () => {
  first = await packageAll(mkdtempSync(join(tmpdir(), "shoptrip-dist-a-")));
  await new Promise((r) => setTimeout(r, 1100)); // a second later: no clock in the bytes
  second = await packageAll(mkdtempSync(join(tmpdir(), "shoptrip-dist-b-")));
  for (const kind of ["chrome", "firefox", "source"]) {
    assert.equal(sha256(first[kind]), sha256(second[kind]), kind);
    for (const name of names(first[kind])) {
      assert.ok(!name.startsWith("/") && !name.includes(".."), `${kind}: ${name} is a relative path`);
    }
  }
});

test("the store zips hold what the extension runs, and no source maps or unbundled sources", () => {
  for (const kind of ["chrome", "firefox"]) {
    const list = names(first[kind]);
    assert.deepEqual(list.filter((n) => n.endsWith(".map") || n.startsWith("worker/")), [], kind);
    assert.deepEqual(list.filter((n) => n.startsWith("pkg/")), ["pkg/shoptrip_bg.wasm"], kind);
    const manifest = JSON.parse(read(first[kind], "manifest.json"));
    const background = manifest.background.service_worker ?? manifest.background.scripts[0];
    const named = [background, manifest.action.default_popup, manifest.options_page,
      ...Object.values(manifest.icons), "catalogs/us.json", "catalogs/jp.json", "public_suffix_list.dat",
      "_locales/en/messages.json", "_locales/ja/messages.json"];
    for (const page of ["popup.html", "options.html", "trips.html"]) {
      const html = read(first[kind], page).toString();
      for (const m of html.matchAll(/(?:src|href)="([^"#:]+)"/g)) named.push(m[1]);
    }
    for (const name of named) assert.ok(list.includes(name), `${kind}: ${name} is named and must be packed`);
  }
});

test("the Firefox zip passes web-ext lint with no error and no warning", () => {
  const dir = unzip(first.firefox);
  const out = execFileSync(join(ROOT, "node_modules/.bin/web-ext"),
    ["lint", "--source-dir", dir, "--self-hosted", "--output", "json", "--no-input"], { encoding: "utf8" });
  const report = JSON.parse(out.slice(out.indexOf("{")));
  assert.equal(report.summary.errors, 0, JSON.stringify(report.errors));
  assert.equal(report.summary.warnings, 0, JSON.stringify(report.warnings));
});

test("the source zip is the commit's sources, with the rebuild script AMO's reviewers run", () => {
  const list = names(first.source);
  for (const want of ["package.json", "package-lock.json", "Cargo.toml", "Cargo.lock", "build.sh", "README.md",
    "src/lib.rs", "extension/worker/main.js", "tools/package.mjs"]) {
    assert.ok(list.includes(want), want);
  }
  assert.deepEqual(list.filter((n) => /^(node_modules|target|dist|pkg)\//.test(n) || n === "extension/background.js"), []);
  const pkg = JSON.parse(read(first.source, "package.json"));
  assert.equal(pkg.scripts["build-for-amo"], "./build.sh package");
});
