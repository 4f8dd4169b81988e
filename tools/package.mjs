// Writes the store packages to dist/ (run by `./build.sh package`, after a build):
//   shoptrip-<version>-chrome.zip   for the Chrome Web Store and Edge Add-ons (extension/)
//   shoptrip-<version>-firefox.zip  for addons.mozilla.org (dist/firefox/, checked by `web-ext build`)
//   shoptrip-<version>-source.zip   the commit's sources, for AMO's reviewers to rebuild from
//
// Two runs from one commit give the same bytes: entries in sorted order, one
// fixed timestamp, fixed modes, relative paths. The store zips hold only what
// the extension runs: the worker's bundle, not its unbundled sources
// (extension/worker/) nor its source map, and of pkg/ only the wasm (the
// bundle carries the JS glue). Sources belong in the source zip.
import { execFileSync } from "node:child_process";
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import yazl from "yazl";

const ROOT = new URL("../", import.meta.url).pathname;
// 2020-01-01T00:00:00Z, in local time as zip dates are: any fixed moment will do.
const FIXED_DATE = new Date(Date.UTC(2020, 0, 1) + new Date(Date.UTC(2020, 0, 1)).getTimezoneOffset() * 60_000);

/** What the store packages leave out of a built extension directory. */
export function shipped(path) {
  return !(path.startsWith("worker/") || path.endsWith(".map") ||
    (path.startsWith("pkg/") && path !== "pkg/shoptrip_bg.wasm"));
}

function filesUnder(dir) {
  const found = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return found.sort();
}

/** A zip of `entries` ([name, bytes]), byte for byte the same on every run. */
function writeZip(path, entries) {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    zip.addBuffer(bytes, name, { mtime: FIXED_DATE, mode: 0o100644, compress: true, forceZip64Format: false });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on("close", resolve).on("error", reject);
  });
}

function storeEntries(dir) {
  return filesUnder(dir).filter(shipped).map((name) => [name, readFileSync(join(dir, name))]);
}

/** The names web-ext puts in its own package of `entries`: it must agree on what ships. */
function webExtNames(entries) {
  const staged = mkdtempSync(join(tmpdir(), "shoptrip-amo-"));
  const out = mkdtempSync(join(tmpdir(), "shoptrip-amo-out-"));
  try {
    for (const [name] of entries) cpSync(join(ROOT, "dist/firefox", name), join(staged, name));
    execFileSync(join(ROOT, "node_modules/.bin/web-ext"),
      ["build", "--source-dir", staged, "--artifacts-dir", out, "--filename", "web-ext.zip", "--overwrite-dest", "--no-input"],
      { stdio: "ignore" });
    const listing = execFileSync("python3", ["-c",
      "import sys, zipfile; print('\\n'.join(sorted(n for n in zipfile.ZipFile(sys.argv[1]).namelist() if not n.endswith('/'))))",
      join(out, "web-ext.zip")], { encoding: "utf8" });
    return listing.trim().split("\n");
  } finally {
    rmSync(staged, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

/** The commit's tracked files, as `git archive` gives them (not the working tree). */
function sourceEntries() {
  const names = execFileSync("git", ["-C", ROOT, "ls-tree", "-r", "--name-only", "HEAD"], { encoding: "utf8" })
    .trim().split("\n").sort();
  return names.map((name) => [name, execFileSync("git", ["-C", ROOT, "show", `HEAD:${name}`], { maxBuffer: 64 << 20 })]);
}

/** Writes the three zips to `dist` (default dist/); returns their paths. */
export async function packageAll(dist = join(ROOT, "dist")) {
  const version = JSON.parse(readFileSync(join(ROOT, "extension/manifest.json"), "utf8")).version;
  mkdirSync(dist, { recursive: true });
  const chrome = storeEntries(join(ROOT, "extension"));
  const firefox = storeEntries(join(ROOT, "dist/firefox"));
  const agreed = webExtNames(firefox);
  const ours = firefox.map(([name]) => name);
  if (agreed.join("\n") !== ours.join("\n")) {
    throw new Error(`web-ext build packs other files:\n${agreed.join(" ")}\nnot\n${ours.join(" ")}`);
  }
  const written = {
    chrome: join(dist, `shoptrip-${version}-chrome.zip`),
    firefox: join(dist, `shoptrip-${version}-firefox.zip`),
    source: join(dist, `shoptrip-${version}-source.zip`),
  };
  await writeZip(written.chrome, chrome);
  await writeZip(written.firefox, firefox);
  await writeZip(written.source, sourceEntries());
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const written = await packageAll();
  for (const path of Object.values(written)) {
    const sha256 = execFileSync("sha256sum", [path], { encoding: "utf8" }).split(" ")[0];
    console.log(`${relative(ROOT, path)}  ${statSync(path).size} bytes  sha256 ${sha256}`);
  }
}
